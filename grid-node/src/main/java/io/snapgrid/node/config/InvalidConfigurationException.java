package io.snapgrid.node.config;

import java.util.List;

/** Stops startup; each problem names the file (or variable, or flag), the key and what is wrong. */
public final class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
