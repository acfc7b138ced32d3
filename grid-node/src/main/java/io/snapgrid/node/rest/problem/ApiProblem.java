package io.snapgrid.node.rest.problem;

import io.micronaut.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 7807 problem the API answers with. Thrown from anywhere in request handling; {@link ProblemHandler}
 * renders it as application/problem+json.
 */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String type, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
    }

    public ApiProblem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ApiProblem badRequest(String type, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, detail);
    }

    public static ApiProblem notFound(String type, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, type, detail);
    }

    public static ApiProblem preconditionFailed(String detail) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", detail);
    }

    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "request-too-large", detail);
    }
}
