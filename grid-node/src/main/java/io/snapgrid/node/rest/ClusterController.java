package io.snapgrid.node.rest;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.durability.RestoreProgressBoard;
import io.snapgrid.node.health.ClusterSafety;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @Operation(summary = "Members (oldest first), the local member, and whether every partition's backups were in sync at the last background check (once a second)")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get
    Map<String, Object> cluster() {
        List<Map<String, Object>> members = new ArrayList<>();
        for (Member each : member.getCluster().getMembers()) {
            members.add(describe(each));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clusterName", member.getConfig().getClusterName());
        body.put("state", member.getCluster().getClusterState().name());
        ClusterSafety.Known known = safety.last();
        body.put("safe", known != null && known.safe());
        body.put("safeCheckedAt", known == null ? null : known.checkedAt().toString());
        body.put("localMember", describe(member.getCluster().getLocalMember()));
        body.put("members", members);
        body.put("restore", restores.describe());
        return body;
    }

    private static Map<String, Object> describe(Member member) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("uuid", member.getUuid().toString());
        row.put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort());
        row.put("version", member.getVersion().toString());
        row.put("local", member.localMember());
        return row;
    }
}
