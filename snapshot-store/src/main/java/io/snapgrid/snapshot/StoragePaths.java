package io.snapgrid.snapshot;

import java.util.regex.Pattern;

/**
 * The paths {@link SnapshotStorage} accepts: relative, {@code /}-separated, at most 1024 characters, segments of
 * {@code [A-Za-z0-9._=-]} that do not start with a dot. Names that start with a dot are reserved for backends'
 * temporary files, and the character set is safe as a file name and as an object key everywhere.
 */
public final class StoragePaths {

    private static final int MAX_LENGTH = 1024;
    private static final String SEGMENT = "[A-Za-z0-9_=-][A-Za-z0-9._=-]*";
    private static final Pattern PATH = Pattern.compile(SEGMENT + "(/" + SEGMENT + ")*");

    private StoragePaths() {
    }

    /** @return {@code path} @throws IllegalArgumentException naming the path if it is not valid */
    public static String checkPath(String path) {
        if (path == null || path.length() > MAX_LENGTH || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("invalid storage path \"" + path + "\": expected relative segments "
                    + "of [A-Za-z0-9._=-] separated by '/', none starting with '.', at most " + MAX_LENGTH
                    + " characters");
        }
        return path;
    }

    /** A prefix is valid if it is empty or some valid path starts with it. */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("invalid storage prefix: null");
        }
        if (!prefix.isEmpty() && !isValidPath(prefix + "x")) {
            throw new IllegalArgumentException("invalid storage prefix \"" + prefix + "\": it must begin a valid path");
        }
        return prefix;
    }

    private static boolean isValidPath(String path) {
        return path.length() <= MAX_LENGTH && PATH.matcher(path).matches();
    }
}
