package io.snapgrid.node.storage;

import com.hazelcast.config.ConfigPatternMatcher;

/**
 * Makes Hazelcast pick a map's configuration by the same longest-prefix rule that {@link StorageClasses}
 * uses, so the REST API and the member can never disagree on a map's class. Patterns are a class's
 * match followed by '*'; any other pattern (such as "default") must equal the name.
 */
final class StorageClassMatcher implements ConfigPatternMatcher {

    @Override
    public String matches(Iterable<String> configPatterns, String itemName) {
        String best = null;
        for (String pattern : configPatterns) {
            if (pattern.equals(itemName)) {
                return pattern;
            }
            if (pattern.endsWith("*") && itemName.startsWith(pattern.substring(0, pattern.length() - 1))
                    && (best == null || pattern.length() > best.length())) {
                best = pattern;
            }
        }
        return best;
    }
}
