package io.snapgrid.node.control;

/** A side effect was refused because the epoch it carried is no longer the newest, or its lease lapsed. */
public final class StaleEpochException extends RuntimeException {

    public StaleEpochException(String message) {
        super(message, null, false, false);
    }
}
