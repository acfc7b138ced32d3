package io.snapgrid.records;

/**
 * A value does not match its schema. {@link #getMessage()} is the bare reason, so that callers such as the REST
 * layer can report the path and the reason separately.
 */
public class RecordValidationException extends RuntimeException {

    private final String path;

    /**
     * @param path where the value sits, e.g. {@code nics[1].mac} or {@code labels.rack}; empty for the root
     */
    public RecordValidationException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** Logs and stack traces name the path too. */
    @Override
    public String toString() {
        return getClass().getName() + ": " + (path.isEmpty() ? "" : path + ": ") + getMessage();
    }
}
