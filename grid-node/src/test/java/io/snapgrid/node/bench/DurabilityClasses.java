package io.snapgrid.node.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Three storage classes that differ only in durability, each naming one map: the same schema (the shipped Node),
 * one synchronous backup, no async backups, no eviction. The weak one flushes every {@code weakInterval}.
 */
final class DurabilityClasses {

    static final String NONE = "bench.none";
    static final String WEAK = "bench.weak";
    static final String STRONG = "bench.strong";
    static final List<String> MAPS = List.of(NONE, WEAK, STRONG);

    private static final String NODE_SCHEMA = "/snapgrid/schemas/node.avsc";

    private DurabilityClasses() {
    }

    static String durability(String map) {
        return map.substring(map.indexOf('.') + 1);
    }

    /** The node flags that add the three classes, then {@code extra}. */
    static String[] flags(Path schemaFile, Duration weakInterval, String... extra) {
        List<String> flags = new ArrayList<>();
        for (String map : MAPS) {
            String durability = durability(map);
            String prefix = "--storage-classes.bench-" + durability + ".";
            flags.add(prefix + "match=" + map);
            flags.add(prefix + "backups=1");
            flags.add(prefix + "async-backups=0");
            flags.add(prefix + "durability=" + durability);
            flags.add(prefix + "schema=" + schemaFile);
            if (durability.equals("weak")) {
                flags.add(prefix + "snapshot-interval=" + weakInterval.toSeconds() + "s");
            }
        }
        flags.addAll(List.of(extra));
        return flags.toArray(String[]::new);
    }

    /** The shipped Node schema as a file, since a storage class names its schema by path. */
    static Path schemaFile(Path dir) {
        try (InputStream avsc = DurabilityClasses.class.getResourceAsStream(NODE_SCHEMA)) {
            if (avsc == null) {
                throw new IllegalStateException(NODE_SCHEMA + " is not on the classpath; it ships in snapgrid-config");
            }
            Path file = dir.resolve("node.avsc");
            Files.copy(avsc, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(Duration weakInterval) {
        return String.format(Locale.ROOT, "maps %s, %s (snapshot-interval %d s, write-behind, coalescing, batch"
                        + " 100,000) and %s (write-through the fsync'd group-commit log, MapStore offloading); each 1"
                        + " backup, same Node schema", NONE, WEAK, weakInterval.toSeconds(), STRONG);
    }
}
