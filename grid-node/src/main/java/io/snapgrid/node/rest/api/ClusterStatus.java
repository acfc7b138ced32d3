package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** GET /v1/cluster. */
@Serdeable
public record ClusterStatus(
        String clusterName,
        @Schema(description = "Hazelcast's ClusterState", example = "ACTIVE") String state,
        @Schema(description = "All backups in sync and taken-over strong entries durable, at the last check") boolean safe,
        @Nullable @Schema(format = "date-time") String safeCheckedAt,
        ClusterMember localMember,
        @Schema(description = "Oldest first") List<ClusterMember> members,
        @Schema(description = "Per durable map this member restored") Map<String, RestoreProgress> restore) {

    @Serdeable
    public record ClusterMember(String uuid, @Schema(example = "10.0.0.5:5701") String address, String version,
                                boolean local) {
    }

    @Serdeable
    public record RestoreProgress(long rows, long rowsTotal, long bytes, long bytesTotal, boolean done) {
    }
}
