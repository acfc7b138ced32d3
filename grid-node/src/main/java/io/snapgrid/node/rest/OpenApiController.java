package io.snapgrid.node.rest;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Serves {@link OpenApiDocument}: open without a token, like the probes (docs/security.md). */
@Controller("/openapi")
final class OpenApiController {

    /** RFC 9512's media type for YAML. */
    static final String YAML = "application/yaml";

    private final OpenApiDocument document;

    OpenApiController(OpenApiDocument document) {
        this.document = document;
    }

    @Operation(operationId = "getOpenApiDocument", summary = "This document: the build's, plus each schema-bound map's"
            + " record schema and typed paths. Needs no token")
    @ApiResponse(responseCode = "200", description = "The OpenAPI document",
            content = @Content(mediaType = YAML, schema = @Schema(type = "string")))
    @Get(uri = "/snapgrid-v1.yml", produces = YAML)
    String document() {
        return document.yaml();
    }
}
