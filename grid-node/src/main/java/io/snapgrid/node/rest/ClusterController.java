package io.snapgrid.node.rest;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.durability.RestoreProgressBoard;
import io.snapgrid.node.health.ClusterSafety;
import io.snapgrid.node.rest.api.ClusterStatus;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;


@Controller("/v1/cluster")
final class ClusterController {

    private final HazelcastInstance member;
    private final ClusterSafety safety;
    private final RestoreProgressBoard restores;

    ClusterController(HazelcastInstance member, ClusterSafety safety, RestoreProgressBoard restores) {
        this.member = member;
        this.safety = safety;
        this.restores = restores;
    }

    @Operation(operationId = "getCluster", summary = "Members (oldest first), the local member, and whether every"
            + " partition's backups were in sync at the last background check (once a second)")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get
    ClusterStatus cluster() {
        ClusterSafety.Known known = safety.last();
        return new ClusterStatus(member.getConfig().getClusterName(), member.getCluster().getClusterState().name(),
                known != null && known.safe(), known == null ? null : known.checkedAt().toString(),
                describe(member.getCluster().getLocalMember()),
                member.getCluster().getMembers().stream().map(ClusterController::describe).toList(),
                restores.describe());
    }

    private static ClusterStatus.ClusterMember describe(Member member) {
        return new ClusterStatus.ClusterMember(member.getUuid().toString(),
                member.getAddress().getHost() + ":" + member.getAddress().getPort(), member.getVersion().toString(),
                member.localMember());
    }
}
