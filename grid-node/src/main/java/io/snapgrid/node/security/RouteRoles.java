package io.snapgrid.node.security;

import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Optional;
import java.util.Set;

/**
 * The one rule that decides every request when security is on. A route's role is the one its {@link Role} names,
 * as its OpenAPI {@code @SecurityRequirement} documents; a route that names none needs reader to read and writer for
 * anything else, so that a new write is never open to readers.
 */
@Singleton
final class RouteRoles implements SecurityRule<HttpRequest<?>> {

    /** Before Micronaut's own rules, which would otherwise open the management endpoints to anyone. */
    static final int ORDER = Integer.MIN_VALUE + 1000;
    /** Probes carry no token; Prometheus and the API document are guarded by the network (docs/security.md). */
    private static final Set<String> OPEN = Set.of("/health/liveness", "/health/readiness", "/prometheus");
    private static final String OPEN_PREFIX = "/openapi/";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request,
                                               @Nullable Authentication authentication) {
        return Publishers.just(decide(request, authentication));
    }

    private static SecurityRuleResult decide(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (request == null) {
            return SecurityRuleResult.REJECTED;
        }
        String path = request.getPath();
        if (OPEN.contains(path) || path.startsWith(OPEN_PREFIX)) {
            return SecurityRuleResult.ALLOWED;
        }
        if (authentication == null) {
            return SecurityRuleResult.REJECTED;
        }
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isEmpty()) {
            // A caller with a valid token learns that there is no such route (404); one without learns nothing.
            return SecurityRuleResult.ALLOWED;
        }
        String needed = required(route.get().getAnnotationMetadata(), request.getMethod());
        return Roles.holds(authentication.getRoles(), needed) ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED;
    }

    /** The role a route needs: its declared one, else by method. An unknown declared role admits admins only. */
    static String required(AnnotationMetadata route, HttpMethod method) {
        Optional<String> declared = route.stringValue(Role.class);
        if (declared.isPresent()) {
            return Roles.known(declared.get()) ? declared.get() : Roles.ADMIN;
        }
        return READS.contains(method) ? Roles.READER : Roles.WRITER;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
