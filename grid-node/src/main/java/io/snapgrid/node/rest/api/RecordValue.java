package io.snapgrid.node.rest.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Stands for a record of a map's Avro schema in the static document. The served document adds, per schema-bound map,
 * paths that name that map's own record schema instead (see OpenApiDocument).
 */
@Serdeable
@Schema(name = "RecordValue", type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
        description = "A record of the map's Avro schema as plain JSON (a union holds its value, timestamps are epoch"
                + " milliseconds). The paths under /v1/maps/<map name>/ give each schema-bound map's exact schema.")
public record RecordValue() {
}
