package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The bodies of POST /v1/telemetry; each event's rules are checked by the server, not by this schema. */
public final class Telemetry {

    private Telemetry() {
    }

    @Serdeable
    @Schema(name = "TelemetryEvent", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Event(@Schema(description = "1-128 of [A-Za-z0-9._:@-], not . or ..") String id,
                        @Schema(example = "x1000c4s4b1n1") String xname,
                        @Schema(allowableValues = {"heartbeat", "power", "temperature", "fan", "voltage"}) String kind,
                        @Nullable @Schema(description = "None for heartbeat, 0 or 1 for power, a number otherwise")
                        Double value,
                        @Schema(description = "Epoch milliseconds, or ISO-8601 with an offset",
                                oneOf = {Long.class, String.class}) Object eventTime) {
    }

    @Serdeable
    @Schema(name = "TelemetryReport")
    public record Report(@Schema(format = "date-time") String receivedAt, long accepted, long duplicates, long rejected,
                         @Schema(description = "One per event, in request order") List<Result> results) {
    }

    @Serdeable
    @Schema(name = "TelemetryResult")
    public record Result(int index, @Nullable String id,
                         @Schema(allowableValues = {"accepted", "duplicate", "rejected"}) String status,
                         @Nullable String reason, @Nullable String field) {
    }
}
