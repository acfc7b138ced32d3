package io.snapgrid.node.rest.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of PATCH on an entry: a JSON merge patch (RFC 7396) of the map's record. */
@Serdeable
@Schema(name = "MergePatch", type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
        description = "Members to set; null removes one (a nullable field becomes null, a field with a default gets"
                + " it); nested objects merge, arrays are replaced")
public record MergePatchDocument() {
}
