package io.snapgrid.node.config;

/** Stops startup; the message names the file (or variable, or flag), the key and the problem. */
public final class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(ConfigSource source, String key, String problem) {
        super(source.describe() + ": " + key + ": " + problem);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
