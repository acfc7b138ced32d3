package io.snapgrid.node.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layered configuration before it is typed: nested maps whose leaves carry their source.
 * Later layers override earlier ones key by key; a list is one leaf and is replaced whole.
 */
final class ConfigTree {

    private ConfigTree() {
    }

    /** Wraps a parsed YAML document so each leaf knows the file it came from. */
    static Map<String, Object> fromYaml(Map<?, ?> yaml, ConfigSource source) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : yaml.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> child) {
                tree.put(key, fromYaml(child, source));
            } else {
                tree.put(key, new ConfigValue(value, source));
            }
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> base, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> entry : overlay.entrySet()) {
            Object existing = base.get(entry.getKey());
            if (existing instanceof Map<?, ?> baseChild && entry.getValue() instanceof Map<?, ?> overlayChild) {
                merge((Map<String, Object>) baseChild, (Map<String, Object>) overlayChild);
            } else {
                base.put(entry.getKey(), entry.getValue());
            }
        }
    }

    /** Sets one dotted key, as an environment variable or a flag does. */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> tree, String dottedKey, String value, ConfigSource source) {
        List<String> parts = List.of(dottedKey.split("\\."));
        Map<String, Object> node = tree;
        for (String part : parts.subList(0, parts.size() - 1)) {
            Object child = node.get(part);
            if (!(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                node.put(part, child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts.get(parts.size() - 1), new ConfigValue(value, source));
    }
}
