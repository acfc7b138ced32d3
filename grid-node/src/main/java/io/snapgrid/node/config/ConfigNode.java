package io.snapgrid.node.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed, strict view of one section of the configuration tree. Every read remembers the key, so that a
 * misspelt key is reported instead of silently falling back to a default.
 */
final class ConfigNode {

    private final String path;
    private final ConfigSource source;
    private final Map<String, Object> entries;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(String path, ConfigSource source, Map<String, Object> entries) {
        this.path = path;
        this.source = source;
        this.entries = entries;
    }

    String path() {
        return path;
    }

    ConfigSource source() {
        return source;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    ConfigSource sourceOf(String name) {
        Object raw = entries.get(name);
        return raw instanceof ConfigValue value ? value.source() : source;
    }

    InvalidConfigurationException invalid(String name, String problem) {
        return new InvalidConfigurationException(sourceOf(name), key(name), problem);
    }

    @SuppressWarnings("unchecked")
    ConfigNode child(String name) {
        read.add(name);
        Object raw = entries.get(name);
        if (raw == null) {
            return new ConfigNode(key(name), source, new LinkedHashMap<>());
        }
        if (raw instanceof Map<?, ?> map) {
            return new ConfigNode(key(name), firstSource((Map<String, Object>) map), (Map<String, Object>) map);
        }
        throw invalid(name, "must be a section of keys, got " + describe(((ConfigValue) raw).value()));
    }

    List<String> childNames() {
        return new ArrayList<>(entries.keySet());
    }

    String string(String name, String fallback) {
        Object value = value(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw invalid(name, "must be a single value, got " + describe(value));
        }
        return String.valueOf(value);
    }

    String requiredString(String name) {
        String value = string(name, null);
        if (value == null) {
            throw invalid(name, "is required");
        }
        return value;
    }

    int integer(String name, int fallback, int min, int max) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number, got \"" + text + "\"");
        }
        if (value < min || value > max) {
            throw invalid(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    long longValue(String name, long fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number, got \"" + text + "\"");
        }
    }

    boolean bool(String name, boolean fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "must be true or false, got \"" + text + "\"");
        };
    }

    Duration duration(String name, Duration fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    <E extends Enum<E>> E enumValue(String name, E fallback, Function<String, E> parse, E[] allowed) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be one of " + Arrays.toString(allowed) + ", got \"" + text + "\"");
        }
    }

    /** A YAML list, or a comma-separated string as environment variables and flags give it. */
    List<String> stringList(String name, List<String> fallback) {
        Object value = value(name);
        if (value == null) {
            return fallback;
        }
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> items.add(String.valueOf(item).trim()));
        } else if (value instanceof Map<?, ?>) {
            throw invalid(name, "must be a list, got a section");
        } else {
            for (String item : String.valueOf(value).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return List.copyOf(items);
    }

    /**
     * A free-form section as dotted names to strings. Hazelcast property names contain dots, which a flag
     * such as --cluster.hazelcast-properties.hazelcast.heartbeat.interval.seconds=1 splits into sections.
     */
    @SuppressWarnings("unchecked")
    Map<String, String> flatten() {
        Map<String, String> flat = new LinkedHashMap<>();
        entries.forEach((name, raw) -> {
            read.add(name);
            if (raw instanceof Map<?, ?> child) {
                new ConfigNode(key(name), source, (Map<String, Object>) child).flatten()
                        .forEach((rest, value) -> flat.put(name + "." + rest, value));
            } else {
                flat.put(name, String.valueOf(((ConfigValue) raw).value()));
            }
        });
        return flat;
    }

    /** Call once every known key has been read: whatever is left is a typo or a removed setting. */
    void rejectUnknownKeys() {
        for (String name : entries.keySet()) {
            if (!read.contains(name)) {
                throw invalid(name, "unknown key");
            }
        }
    }

    private Object value(String name) {
        read.add(name);
        Object raw = entries.get(name);
        if (raw == null) {
            return null;
        }
        if (raw instanceof Map<?, ?>) {
            throw invalid(name, "must be a single value, got a section");
        }
        return ((ConfigValue) raw).value();
    }

    @SuppressWarnings("unchecked")
    private ConfigSource firstSource(Map<String, Object> map) {
        for (Object value : map.values()) {
            if (value instanceof ConfigValue leaf) {
                return leaf.source();
            }
            if (value instanceof Map<?, ?> child) {
                return firstSource((Map<String, Object>) child);
            }
        }
        return source;
    }

    private static String describe(Object value) {
        return value instanceof List<?> ? "a list" : value instanceof Map<?, ?> ? "a section" : "\"" + value + "\"";
    }
}
