package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** GET /v1/control. A member without a majority in view sends only its own fields and error. */
@Serdeable
public record ControlStatus(
        String localMember,
        boolean localLeading,
        @Nullable ControlLeader leader,
        @Nullable List<ControlDuty> duties,
        @Nullable @Schema(description = "The latest leadership changes, newest first") List<ControlLeader> history,
        @Nullable @Schema(description = "Why control state could not be read here") String error) {

    @Serdeable
    public record ControlLeader(long epoch, String member, String address, @Schema(format = "date-time") String since) {
    }

    @Serdeable
    public record ControlDuty(String duty, long epoch, long runs, @Schema(format = "date-time") String lastStart,
                              @Schema(format = "date-time") String lastEnd, boolean ok, @Nullable String summary,
                              @Schema(format = "date-time") String nextRun) {
    }
}
