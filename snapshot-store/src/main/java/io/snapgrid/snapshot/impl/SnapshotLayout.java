package io.snapgrid.snapshot.impl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a map's snapshot files go in storage:
 * <pre>
 * map=&lt;map&gt;/manifests/&lt;id, 19 digits&gt;.json
 * map=&lt;map&gt;/data/&lt;writer token&gt;/part-&lt;n, 5 digits&gt;.parquet
 * </pre>
 * Zero-padded ids list in id order. The Hive-style {@code map=} segment lets DuckDB read the map name as a column
 * ({@code hive_partitioning}). Data files live under a token of their writer, not under a snapshot id, because the
 * id is only taken when the manifest is committed; the token starts with the writer's start time so that files no
 * manifest names can be aged out.
 */
public final class SnapshotLayout {

    /** What every map's files start with. */
    public static final String MAPS_PREFIX = "map=";

    private static final Pattern MAP = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern MANIFEST = Pattern.compile("([0-9]{19})\\.json");
    private static final Pattern MAP_SEGMENT = Pattern.compile(MAPS_PREFIX + "([^/]+)/.*");
    private static final DateTimeFormatter TOKEN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern TOKEN_START = Pattern.compile("([0-9]{8}T[0-9]{6}Z)-[0-9a-f]+/.*");

    private SnapshotLayout() {
    }

    /** Map names follow the grid's rule: 1–128 of {@code [A-Za-z0-9._-]}, without {@code ..}. */
    public static String checkMap(String map) {
        if (map == null || !isValidMap(map)) {
            throw new IllegalArgumentException("invalid map name \"" + map + "\": expected 1-128 of [A-Za-z0-9._-]"
                    + " without \"..\"");
        }
        return map;
    }

    private static boolean isValidMap(String map) {
        return MAP.matcher(map).matches() && !map.contains("..");
    }

    public static String mapPrefix(String map) {
        return MAPS_PREFIX + checkMap(map) + "/";
    }

    /** The map a storage path belongs to, if it lies under the {@link #mapPrefix} of a valid map name. */
    public static Optional<String> mapOf(String path) {
        Matcher matcher = MAP_SEGMENT.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String map = matcher.group(1);
        return isValidMap(map) ? Optional.of(map) : Optional.empty();
    }

    public static String manifestsPrefix(String map) {
        return mapPrefix(map) + "manifests/";
    }

    public static String manifestPath(String map, long id) {
        return manifestsPrefix(map) + String.format("%019d.json", id);
    }

    /** The snapshot id of a path listed under {@link #manifestsPrefix}, if it names a manifest. */
    public static OptionalLong manifestId(String map, String path) {
        return idUnder(manifestsPrefix(map), path);
    }

    private static OptionalLong idUnder(String prefix, String path) {
        if (!path.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        Matcher matcher = MANIFEST.matcher(path.substring(prefix.length()));
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /**
     * Where retention keeps a copy of a snapshot's manifest that restore no longer needs but history does
     * ({@code snapshots.history.retain}): apart from the snapshot sequence, so that chain checks never see it.
     */
    public static String historyPrefix(String map) {
        return mapPrefix(map) + "history/";
    }

    public static String historyPath(String map, long id) {
        return historyPrefix(map) + String.format("%019d.json", id);
    }

    /** The snapshot id of a path listed under {@link #historyPrefix}, if it names a kept manifest. */
    public static OptionalLong historyId(String map, String path) {
        return idUnder(historyPrefix(map), path);
    }

    public static String newWriterToken(Instant now) {
        return TOKEN_TIME.format(now) + "-" + String.format("%012x", ThreadLocalRandom.current().nextLong() >>> 16);
    }

    public static String dataPrefix(String map) {
        return mapPrefix(map) + "data/";
    }

    /**
     * When the writer of a data file listed under {@link #dataPrefix} started, read from its token; empty for a path
     * this layout did not make. Truncated to the second, so callers keep a margin.
     */
    public static Optional<Instant> writerStart(String map, String path) {
        String prefix = dataPrefix(map);
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher matcher = TOKEN_START.matcher(path.substring(prefix.length()));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(TOKEN_TIME.parse(matcher.group(1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String partPath(String map, String writerToken, int part) {
        return dataPrefix(map) + writerToken + String.format("/part-%05d.parquet", part);
    }
}
