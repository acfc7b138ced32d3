package io.snapgrid.node.rest.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * A request refused by security, before any route ran: 401 with a Bearer challenge (RFC 6750) when the request
 * carried no valid token, 403 when the token lacks the role. The detail says which, never why a token failed.
 */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AuthorizationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private static final String REALM = "Bearer realm=\"snapgrid\"";

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException refused) {
        if (refused.isForbidden()) {
            return ProblemBody.render(request, HttpResponse.status(HttpStatus.FORBIDDEN), HttpStatus.FORBIDDEN,
                    "forbidden", "the token's roles do not include the one this request needs (docs/security.md)",
                    Map.of());
        }
        boolean tokenSent = request.getHeaders().contains(HttpHeaders.AUTHORIZATION);
        return ProblemBody.render(request, HttpResponse.status(HttpStatus.UNAUTHORIZED).header(
                        HttpHeaders.WWW_AUTHENTICATE, tokenSent ? REALM + ", error=\"invalid_token\"" : REALM),
                HttpStatus.UNAUTHORIZED, "unauthorized", tokenSent
                        ? "the bearer token is not valid: malformed, expired or not yet valid, wrongly signed, or for"
                        + " another issuer or audience"
                        : "this request needs an Authorization: Bearer token", Map.of());
    }
}
