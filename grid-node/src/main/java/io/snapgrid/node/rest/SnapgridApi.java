package io.snapgrid.node.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** The OpenAPI document's identity; Micronaut generates it at build time and serves it under /openapi/. */
@OpenAPIDefinition(info = @Info(title = "snapgrid", version = "v1",
        description = "Typed records in a Hazelcast grid: entries, batches, filtered listings, read-only SQL, cluster"
                + " state, snapshot admin, telemetry ingest and the status of the Jet jobs."))
final class SnapgridApi {
    private SnapgridApi() {
    }
}
