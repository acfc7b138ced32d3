package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** An RFC 7807 problem (application/problem+json); each kind adds its own members, such as field, map or key. */
@Serdeable
@Schema(name = "Problem", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
        description = "RFC 7807 problem details; members beyond these name what is wrong (field, map, key, limit ...)")
public record Problem(
        @Schema(description = "urn:snapgrid:problem:<kind>", pattern = "^urn:snapgrid:problem:[a-z0-9-]+$") String type,
        String title,
        int status,
        @Nullable String detail,
        @Schema(description = "The request path") String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The 503 of every route that writes entries. */
    public static final String WRITE_REFUSED = "Refused; Retry-After says when to retry. The snapshot store refused"
            + " the write (not-durable, snapshot-backlog-full) or a member lacks a majority of the expected cluster"
            + " (no-majority). \"applied\": false means nothing was written; \"unknown\" (no-majority only) that the"
            + " write may have been applied on the other side of a network cut before it was refused here";
}
