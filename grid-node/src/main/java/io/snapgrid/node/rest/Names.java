package io.snapgrid.node.rest;

import io.snapgrid.node.rest.problem.ApiProblem;

import java.util.regex.Pattern;

/**
 * What a map name may be over REST. Map names appear in URL paths and as SQL identifiers, so they are kept to a
 * plain alphabet and a bounded length; ".." is refused to rule out path tricks. Keys have no such rule: any key a
 * Java client can write is addressable (percent-encoded in a path), as they only ever reach SQL as parameters.
 */
final class Names {

    static final int MAX_MAP_NAME = 128;
    private static final Pattern MAP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_MAP_NAME - 1) + "}");

    private Names() {
    }

    static String requireMapName(String name) {
        if (name == null || !MAP_NAME.matcher(name).matches() || name.contains("..")) {
            throw ApiProblem.badRequest("invalid-map-name", "map names are 1-" + MAX_MAP_NAME
                    + " letters, digits, '.', '_' or '-', start with a letter or digit, and contain no '..'");
        }
        return name;
    }
}
