package io.snapgrid.node.rest;

import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's identity; Micronaut generates it at build time and serves it under /openapi/. Each
 * operation names, as the scope of its bearer requirement, the role it needs when security.enabled is true.
 */
@OpenAPIDefinition(info = @Info(title = "snapgrid", version = "v1",
        description = "Typed records in a Hazelcast grid: entries, batches, filtered listings, read-only SQL, cluster"
                + " state, snapshot admin, telemetry ingest and the status of the Jet jobs. With security on, every"
                + " operation needs a bearer JWT whose roles claim includes the operation's role (reader, writer"
                + " or admin, each including the ones before it)."))
@SecurityScheme(name = Roles.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
final class SnapgridApi {
    private SnapgridApi() {
    }
}
