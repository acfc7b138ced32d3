package io.snapgrid.node.rest;

import io.snapgrid.node.rest.problem.ApiProblem;

import java.util.regex.Pattern;

/**
 * What a map name and a key may be over REST. Both appear in URL paths and in SQL, so they are kept to a
 * plain alphabet and a bounded length; "." and ".." are refused to rule out path tricks.
 */
final class Names {

    static final int MAX_MAP_NAME = 128;
    static final int MAX_KEY = 256;
    private static final Pattern MAP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_MAP_NAME - 1) + "}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_KEY + "}");

    private Names() {
    }

    static String requireMapName(String name) {
        if (name == null || !MAP_NAME.matcher(name).matches() || name.contains("..")) {
            throw ApiProblem.badRequest("invalid-map-name", "map names are 1-" + MAX_MAP_NAME
                    + " letters, digits, '.', '_' or '-', start with a letter or digit, and contain no '..'");
        }
        return name;
    }

    static String requireKey(String key) {
        String problem = keyProblem(key);
        if (problem != null) {
            throw ApiProblem.badRequest("invalid-key", problem).with("key", key);
        }
        return key;
    }

    /** Null when the key is acceptable; otherwise why not, for per-key batch results. */
    static String keyProblem(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            return "keys are 1-" + MAX_KEY + " letters, digits, '.', '_', ':', '@' or '-', and not '.' or '..'";
        }
        return null;
    }
}
