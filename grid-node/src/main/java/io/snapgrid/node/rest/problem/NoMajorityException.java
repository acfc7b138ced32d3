package io.snapgrid.node.rest.problem;

/**
 * A write this member refused before sending it anywhere, because it has not heard from a majority of the expected
 * cluster recently: nothing was applied. Answered 503 {@code no-majority} with {@code "applied": false}.
 */
public final class NoMajorityException extends RuntimeException {

    public NoMajorityException(String map) {
        super("this member has not heard from a majority of the expected cluster recently (a network partition?),"
                + " so it sent no write to map '" + map + "'", null, false, false);
    }
}
