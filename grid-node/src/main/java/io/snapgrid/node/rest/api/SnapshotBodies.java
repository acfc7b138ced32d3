package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The bodies of /v1/snapshots and /v1/operations. */
public final class SnapshotBodies {

    private SnapshotBodies() {
    }

    @Serdeable
    @Schema(name = "SnapshotListing")
    public record Listing(@Schema(description = "Maps with snapshots, in name order") List<MapSnapshots> maps) {
    }

    @Serdeable
    @Schema(name = "MapSnapshots")
    public record MapSnapshots(String map, @Schema(description = "Newest first") List<Snapshot> snapshots) {
    }

    @Serdeable
    @Schema(name = "Snapshot", description = "A published snapshot; one whose manifest cannot be read has only id and"
            + " error")
    public record Snapshot(long id,
                           @Nullable @Schema(allowableValues = {"full", "delta"}) String kind,
                           @Nullable @Schema(format = "date-time") String createdAt,
                           @Nullable Long rows,
                           @Nullable Long bytes,
                           @Nullable Long parentId,
                           @Nullable Long baseId,
                           @Nullable Integer files,
                           @Nullable String error) {
    }

    @Serdeable
    @Schema(name = "Operation")
    public record Operation(String id,
                            @Schema(allowableValues = "full-snapshot") String kind,
                            String map,
                            @Schema(allowableValues = {"pending", "running", "succeeded", "failed"}) String state,
                            @Schema(format = "date-time") String createdAt,
                            @Nullable String requestedVia,
                            @Nullable @Schema(format = "date-time") String startedAt,
                            @Nullable @Schema(format = "date-time") String finishedAt,
                            @Nullable Long epoch,
                            @Nullable Integer attempts,
                            @Nullable Progress progress,
                            @Nullable Result result,
                            @Nullable String error) {
    }

    @Serdeable
    @Schema(name = "OperationProgress")
    public record Progress(long rowsWritten, long rowsTotal) {
    }

    @Serdeable
    @Schema(name = "OperationResult")
    public record Result(@Nullable String summary, @Nullable Snapshot snapshot) {
    }

    @Serdeable
    @Schema(name = "Verification")
    public record Verification(boolean ok, List<MapVerification> maps) {
    }

    @Serdeable
    @Schema(name = "MapVerification")
    public record MapVerification(String map, boolean ok, int snapshots, int files, List<VerificationProblem> problems) {
    }

    @Serdeable
    @Schema(name = "VerificationProblem")
    public record VerificationProblem(String path,
                                      @Schema(allowableValues = {"MISSING_FILE", "SIZE_MISMATCH", "CHECKSUM_MISMATCH",
                                              "ROW_COUNT_MISMATCH", "UNREADABLE_FILE", "MISSING_MANIFEST",
                                              "UNREADABLE_MANIFEST", "BROKEN_PARENT", "NO_FULL_SNAPSHOT"}) String kind,
                                      @Nullable String detail) {
    }
}
