package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** GET /v1/jobs/{name}: one catalogue job; every field is sent, null when unknown. */
@Serdeable
public record JobStatus(
        String name,
        @Nullable @Schema(description = "Jet's JobStatus, or NOT_SUBMITTED") String status,
        @Nullable String id,
        @Nullable @Schema(format = "date-time") String submissionTime,
        @Nullable Integer submissions,
        @Nullable Long restarts,
        @Nullable Long lastSnapshotId,
        @Nullable @Schema(format = "date-time") String lastSnapshotTime,
        @Nullable Long processedEvents,
        @Nullable Long deadLetters,
        @Nullable @Schema(description = "Why the job's status could not be read here") String error) {

    /** GET /v1/jobs. */
    @Serdeable
    @Schema(name = "JobList")
    public record Listing(List<JobStatus> jobs) {
    }
}
