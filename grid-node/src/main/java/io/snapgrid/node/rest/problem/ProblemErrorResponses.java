package io.snapgrid.node.rest.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Micronaut's own errors (no route, wrong method, body over the size limit, unreadable body) come out as
 * problem+json too, so a client sees one error format from every endpoint.
 */
@Primary
@Singleton
final class ProblemErrorResponses implements ErrorResponseProcessor<Map<String, Object>> {

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        String type = status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return ProblemBody.render(context.getRequest(), response, status, type, detail.isEmpty() ? null : detail, Map.of());
    }
}
