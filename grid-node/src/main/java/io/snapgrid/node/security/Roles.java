package io.snapgrid.node.security;

import java.util.Collection;
import java.util.List;

/**
 * The REST roles, each including the ones before it. Constants, so that a controller method can name its role in
 * {@link Role} and document it in an OpenAPI {@code @SecurityRequirement(name = Roles.BEARER, scopes = ...)}.
 */
public final class Roles {

    /** The OpenAPI security scheme: a bearer JWT (declared on SnapgridApi). */
    public static final String BEARER = "bearer";
    /** GET and HEAD, read-only SQL and batch reads, history and change feed. */
    public static final String READER = "reader";
    /** Reader plus PUT, PATCH, DELETE, batch writes and telemetry. */
    public static final String WRITER = "writer";
    /** Writer plus snapshots, verify, operations and control. */
    public static final String ADMIN = "admin";
    private static final List<String> ASCENDING = List.of(READER, WRITER, ADMIN);

    private Roles() {
    }

    static boolean known(String role) {
        return ASCENDING.contains(role);
    }

    /** Whether a token with {@code granted} roles holds {@code needed} or a role above it. */
    static boolean holds(Collection<String> granted, String needed) {
        int rank = ASCENDING.indexOf(needed);
        return granted.stream().mapToInt(ASCENDING::indexOf).anyMatch(held -> held >= rank);
    }
}
