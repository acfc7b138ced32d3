package io.snapgrid.node.config;

import io.micronaut.context.env.PropertySource;
import io.snapgrid.node.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Collects what is wrong, each naming the layer that set the key, so that one start reports every problem. */
final class Problems {

    private final Collection<PropertySource> sources;
    private final List<String> found = new ArrayList<>();

    Problems(Collection<PropertySource> sources) {
        this.sources = sources;
    }

    void add(String key, String problem) {
        found.add(SnapgridSources.describe(sources, key) + ": " + key + ": " + problem);
    }

    Problems addAll(List<String> problems) {
        found.addAll(problems);
        return this;
    }

    void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            add(key, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    void positive(String key, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            add(key, "must be longer than 0");
        }
    }

    void notNegative(String key, Duration duration) {
        if (duration.isNegative()) {
            add(key, "must be 0 or longer");
        }
    }

    void wholeSeconds(String key, Duration duration) {
        if (duration.isNegative() || duration.toMillis() % 1000 != 0 || duration.getSeconds() > Integer.MAX_VALUE) {
            add(key, "must be whole seconds (Hazelcast counts this setting in seconds)");
        }
    }

    void unconvertible(String key, Class<?> type, Object value) {
        add(key, expected(type) + ", got \"" + value + "\"");
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "must be a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == Duration.class) {
            return Durations.EXPECTED;
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        return "must be a " + type.getSimpleName();
    }

    int count() {
        return found.size();
    }

    InvalidConfigurationException failure() {
        return new InvalidConfigurationException(found);
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw failure();
        }
    }
}
