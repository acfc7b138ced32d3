package io.snapgrid.node.rest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders RFC 7807 bodies; problem types are URNs so they identify without pretending to be pages. */
final class ProblemBody {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final String TYPE_PREFIX = "urn:snapgrid:problem:";

    private ProblemBody() {
    }

    static MutableHttpResponse<Map<String, Object>> render(HttpRequest<?> request, MutableHttpResponse<?> response,
                                                           HttpStatus status, String type, String detail,
                                                           Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + type);
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", request.getPath());
        body.putAll(extensions);
        return response.status(status).contentType(PROBLEM_JSON).body(body);
    }
}
