package io.snapgrid.snapshot.impl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

    private static final Pattern MAP = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern MANIFEST = Pattern.compile("([0-9]{19})\\.json");
    private static final DateTimeFormatter TOKEN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SnapshotLayout() {
    }

    /** Map names follow the grid's rule: 1–128 of {@code [A-Za-z0-9._-]}, without {@code ..}. */
    public static String checkMap(String map) {
        if (map == null || !MAP.matcher(map).matches() || map.contains("..")) {
            throw new IllegalArgumentException("invalid map name \"" + map + "\": expected 1-128 of [A-Za-z0-9._-]"
                    + " without \"..\"");
        }
        return map;
    }

    public static String mapPrefix(String map) {
        return "map=" + checkMap(map) + "/";
    }

    public static String manifestsPrefix(String map) {
        return mapPrefix(map) + "manifests/";
    }

    public static String manifestPath(String map, long id) {
        return manifestsPrefix(map) + String.format("%019d.json", id);
    }

    /** The snapshot id of a path listed under {@link #manifestsPrefix}, if it names a manifest. */
    public static OptionalLong manifestId(String map, String path) {
        String prefix = manifestsPrefix(map);
        if (!path.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        Matcher matcher = MANIFEST.matcher(path.substring(prefix.length()));
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    public static String newWriterToken(Instant now) {
        return TOKEN_TIME.format(now) + "-" + String.format("%012x", ThreadLocalRandom.current().nextLong() >>> 16);
    }

    public static String dataPrefix(String map) {
        return mapPrefix(map) + "data/";
    }

    public static String partPath(String map, String writerToken, int part) {
        return dataPrefix(map) + writerToken + String.format("/part-%05d.parquet", part);
    }
}
