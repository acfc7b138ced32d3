package io.snapgrid.node.bench;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.S3Store;
import io.snapgrid.snapshot.s3.S3ProxyServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Part 4: restoring from S3 against restoring from the filesystem, in the same run, from the same snapshot files.
 * A 3-member cluster on a filesystem root takes {@code --restore-nodes} nodes by {@code putAll} into the durable map
 * and stops gracefully (then, with {@code --compact}, the root is compacted), as in {@link RestoreTiming}; the map's
 * files are then copied, by the same storage paths, into a bucket of an s3proxy in this JVM (jclouds' in-memory
 * blob store, over HTTP on localhost, with AWS V4 signatures). Then, {@code --rounds} times, in this order, clusters
 * of 3 in-process members start to ready: on an empty root, restoring from the root, on an empty bucket prefix,
 * restoring from the bucket. Each restore is its start-to-ready minus that of the empty start of the same backend
 * just before it (so S3's own cost of listing an empty prefix and checking the bucket is not counted as restore);
 * the figure is the median over rounds, and the ratio S3 / filesystem.
 */
record S3RestoreTiming(DurabilityOptions options, RestoreTiming timing, Path work) {

    private static final String BUCKET = "snapgrid-bench";

    /** Every restoring start verified that each entry came back ({@link RestoreTiming#verify}). */
    record Result(int nodes, String map, StoreListing.MapFiles files, List<Timing> filesystem, List<Timing> s3) {

        RestoreTiming.Timed filesystemRestore() {
            return median(filesystem);
        }

        RestoreTiming.Timed s3Restore() {
            return median(s3);
        }

        private static RestoreTiming.Timed median(List<Timing> rounds) {
            List<RestoreTiming.Timed> sorted = rounds.stream().map(Timing::restore)
                    .sorted(Comparator.comparingDouble(RestoreTiming.Timed::seconds)).toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    /** One round of one backend: start to ready with nothing to restore, and with the map to restore. */
    record Timing(RestoreTiming.Timed empty, RestoreTiming.Timed restoring) {
        RestoreTiming.Timed restore() {
            return new RestoreTiming.Timed(restoring.seconds() - empty.seconds(),
                    restoring.cpuSeconds() - empty.cpuSeconds());
        }
    }

    Result run() throws Exception {
        String map = timing.restoredMap();
        int nodes = timing.restoredNodes();
        Path root = Files.createDirectory(work.resolve("s3-restore-source"));
        StoreListing.MapFiles files = timing.writeSnapshots(root, map, nodes).files();
        S3Store.useCredentials(S3ProxyServer.SECRET_KEY);
        try (S3ProxyServer s3 = new S3ProxyServer(BUCKET).start()) {
            long uploading = System.nanoTime();
            S3Store store = S3Store.freshPrefix(s3).upload(root);
            progress("copied %s into s3proxy in %.2f s", files, RestoreTiming.seconds(System.nanoTime() - uploading));
            List<Timing> filesystem = new ArrayList<>();
            List<Timing> inS3 = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                filesystem.add(new Timing(start("filesystem, empty", emptyRoot(), List.of(), map, -1),
                        start("filesystem, restoring", root, List.of(), map, nodes)));
                inS3.add(new Timing(start("S3, empty", emptyRoot(), S3Store.freshPrefix(s3).flags(), map, -1),
                        start("S3, restoring", emptyRoot(), store.flags(), map, nodes)));
            }
            return new Result(nodes, map, files, filesystem, inS3);
        } finally {
            S3Store.forgetCredentials();
            if (!options.keepFiles()) {
                StoreListing.deleteTree(root);
            }
        }
    }

    /**
     * Start to ready of a cluster on {@code root} with {@code storeFlags}; with {@code nodes} of at least 0, every
     * entry of the restored map is then counted and a sample compared with the generated records.
     */
    private RestoreTiming.Timed start(String what, Path root, List<String> storeFlags, String map, int nodes) {
        try (StartedCluster started = timing.start(root, storeFlags.toArray(String[]::new))) {
            RestoreTiming.Timed timed = RestoreTiming.Timed.of(started);
            progress("%s: ready after %s", what, timed);
            if (nodes >= 0) {
                IMap<String, GenericRecord> restored = StartedCluster.client(started.cluster()).getMap(map);
                timing.verify(restored, nodes);
            }
            return timed;
        }
    }

    private Path emptyRoot() {
        try {
            return Files.createTempDirectory(work, "s3-restore-empty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }

    static void print(Result r, PrintStream out) {
        StoreListing.MapFiles f = r.files();
        out.printf(Locale.ROOT, "%,d nodes of %s: %d full + %d delta manifests, %d files, %.1f MB, the same files on"
                        + " the filesystem and in s3proxy %s (in this JVM, localhost)%n", r.nodes(), r.map(), f.fulls(),
                f.deltas(), f.files(), f.bytes() / 1e6, S3ProxyServer.VERSION);
        out.printf(Locale.ROOT, "%-10s %-50s %9s %9s%n", "round", "step", "seconds", "CPU s");
        for (int i = 0; i < r.filesystem().size(); i++) {
            rows(out, i + 1, "filesystem", r.filesystem().get(i));
            rows(out, i + 1, "S3", r.s3().get(i));
        }
        RestoreTiming.Timed fs = r.filesystemRestore();
        RestoreTiming.Timed s3 = r.s3Restore();
        out.printf(Locale.ROOT, "restore (median over %d rounds): filesystem %s, S3 %s; S3 / filesystem = %.2fx"
                        + " (CPU %.2fx); S3 restore rate %,.0f entries/s%n", r.filesystem().size(), fs, s3,
                s3.seconds() / fs.seconds(), s3.cpuSeconds() / fs.cpuSeconds(), r.nodes() / s3.seconds());
    }

    private static void rows(PrintStream out, int round, String backend, Timing timing) {
        row(out, round, backend + ": start to ready, nothing to restore", timing.empty());
        row(out, round, backend + ": start to ready, restoring", timing.restoring());
        row(out, round, backend + ": restore = difference", timing.restore());
    }

    private static void row(PrintStream out, int round, String step, RestoreTiming.Timed timed) {
        out.printf(Locale.ROOT, "%-10d %-50s %9.2f %9.1f%n", round, step, timed.seconds(), timed.cpuSeconds());
    }
}
