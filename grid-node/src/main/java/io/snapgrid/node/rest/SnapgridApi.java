package io.snapgrid.node.rest;

import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's identity; micronaut-openapi generates it at build time and {@link OpenApiDocument} serves it
 * with what only the running node knows. Each operation names, as the scope of its bearer requirement, the role it
 * needs when security.enabled is true. The server is the member the document came from: every member serves the API.
 */
@OpenAPIDefinition(info = @Info(title = "snapgrid", version = "v1",
        description = "Typed records in a Hazelcast grid: entries, batches, filtered listings, read-only SQL, cluster"
                + " state, snapshot admin, telemetry ingest and the status of the Jet jobs. With security on, every"
                + " operation needs a bearer JWT whose roles claim includes the operation's role (reader, writer"
                + " or admin, each including the ones before it).",
        license = @License(name = "No licence granted yet: all rights reserved by the Snapgrid authors")),
        servers = @Server(url = "/", description = "The member this document was read from; every member serves the"
                + " same API"))
@SecurityScheme(name = Roles.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
final class SnapgridApi {
    private SnapgridApi() {
    }
}
