package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.SnapshotManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged snapshot stops a node at restore, naming the file, and with {@code snapshots.restore.allow-fallback}
 * the node starts from the older valid state and says so loudly (DESIGN.md §5, validated restore). Single-node
 * clusters, one at a time on a copy of a root that holds two full snapshots with a delta after each:
 * <pre>
 * FULL 2 (base 1)  every key at v1     compacted by the leader from the delta the first run left
 * DELTA 3          every key at v2     rolled from the commit log at the second run's graceful stop
 * FULL 4 (base 3)  every key at v2     compacted by the leader when the third run started
 * DELTA 5          some keys at v3, some deleted, some new: the third run's writes
 * </pre>
 * Each run rolls its commit log only at its graceful stop (roll interval of an hour), so each leaves one delta.
 * Damage: a flipped byte in delta 5's data file, full 4's data file truncated, delta 5's data file deleted. Then a
 * write made after a fallback must survive the next start, which must not fall back again.
 */
class CorruptSnapshotIT {

    private static final String MAP = "inventory.nodes";
    private static final int KEYS = 200;
    private static final Duration EXIT_LIMIT = Duration.ofMinutes(3);

    /** Kept when the test fails: it holds every node's log and every damaged root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private final NodeVersions versions = new NodeVersions();

    /** One kind of damage to one file, and the state a fallback restore must serve despite it. */
    private record Damage(String name, String file, Consumer<Path> harm, Map<String, Integer> fallbackState) {
    }

    @Test
    void aDamagedSnapshotStopsTheNodeNamingTheFileOrFallsBackLoudlyWhenAllowed() {
        Path root = work.resolve("snapshots");
        SnapshotHistory history = new SnapshotHistory(root, MAP);
        Map<String, Integer> asOfFull4 = new TreeMap<>();
        Map<String, Integer> latest = new TreeMap<>();
        try (PackagedCluster run = start("run-1", root, false)) {
            write(run, (map, state) -> {
                for (int i = 0; i < KEYS; i++) {
                    put(map, state, "k" + i, 1);
                }
            }, latest);
        }
        try (PackagedCluster run = start("run-2", root, false)) {
            history.awaitFullAfter(1);
            write(run, (map, state) -> {
                for (int i = 0; i < KEYS; i++) {
                    put(map, state, "k" + i, 2);
                }
            }, latest);
        }
        asOfFull4.putAll(latest);
        try (PackagedCluster run = start("run-3", root, false)) {
            history.awaitFullAfter(3);
            write(run, (map, state) -> {
                for (int i = 0; i < 20; i++) {
                    put(map, state, "k" + i, 3);
                }
                for (int i = 20; i < 25; i++) {
                    map.delete("k" + i);
                    state.remove("k" + i);
                }
                for (int i = 0; i < 10; i++) {
                    put(map, state, "n" + i, 1);
                }
            }, latest);
        }
        assertEquals(List.of("FULL 2 (base 1)", "DELTA 3", "FULL 4 (base 3)", "DELTA 5"), history.layout());
        String delta5 = SnapshotHistory.dataFile(history.manifest(5));
        String full4 = SnapshotHistory.dataFile(history.manifest(4));

        List<Damage> damages = List.of(
                // Restore stops at the first bad snapshot rather than skipping it: full 4 is what is left.
                new Damage("flipped-byte", delta5, CorruptSnapshotIT::flipByte, asOfFull4),
                // A damaged full is passed over: full 2 and the deltas after it hold every change.
                new Damage("truncated-full", full4, CorruptSnapshotIT::truncate, latest),
                new Damage("deleted-file", delta5, CorruptSnapshotIT::delete, asOfFull4));
        Map<String, Path> roots = new HashMap<>();
        for (Damage damage : damages) {
            Path copy = history.copyTo(work.resolve("root-" + damage.name()));
            damage.harm().accept(copy.resolve(damage.file()));
            roots.put(damage.name(), copy);
        }

        // The refusals at once: each node exits on its own, and they share the wait.
        List<PackagedNode> refusing = new ArrayList<>();
        for (Damage damage : damages) {
            refusing.add(startUnwatched(work.resolve("refused-" + damage.name()), roots.get(damage.name())));
        }
        for (int i = 0; i < damages.size(); i++) {
            Damage damage = damages.get(i);
            PackagedNode node = refusing.get(i);
            assertEquals(3, node.awaitExit(EXIT_LIMIT), damage.name() + ": exit code; log " + node.log());
            String failure = failureMessage(node);
            System.out.println("corrupt snapshot, " + damage.name() + ": exit code 3, " + failure);
            assertTrue(failure.contains(damage.file()), damage.name() + ": the failure should name " + damage.file()
                    + ": " + failure);
        }

        // The fallbacks at once too, each on its own root.
        List<PackagedCluster> fallbacks = startAll(damages.stream().map(damage -> (Supplier<PackagedCluster>)
                () -> start("fallback-" + damage.name(), roots.get(damage.name()), true)).toList());
        try {
            for (int i = 0; i < damages.size(); i++) {
                Damage damage = damages.get(i);
                PackagedCluster fallback = fallbacks.get(i);
                PackagedNode node = fallback.node(0);
                assertTrue(node.logText().contains("RESTORE FELL BACK"), damage.name() + ": no loud fallback in "
                        + node.log());
                assertEquals(damage.fallbackState(), served(fallback), damage.name() + ": state served");
                System.out.println("corrupt snapshot, " + damage.name() + ": fell back to "
                        + (damage.fallbackState() == latest ? "every change" : "full snapshot 4") + ", "
                        + damage.fallbackState().size() + " entries served; " + node.logText().lines()
                        .filter(line -> line.contains("continues from new full snapshot")).findFirst()
                        .map(line -> line.substring(line.indexOf("RESTORE"))).orElse("no new full snapshot"));
            }
            write(fallbacks.get(0), (map, state) -> put(map, state, "after-fallback", 1), new HashMap<>());
        } finally {
            fallbacks.forEach(PackagedCluster::close);
        }

        // A write acknowledged after a fallback is as durable as any: the next start must not fall back past it.
        Map<String, Integer> afterFallback = new TreeMap<>(asOfFull4);
        afterFallback.put("after-fallback", 1);
        try (PackagedCluster again = start("after-fallback", roots.get(damages.get(0).name()), true)) {
            assertEquals(afterFallback, served(again), "restarted after a fallback and a write");
            assertFalse(again.node(0).logText().contains("RESTORE FELL BACK"), "the fallback's new full snapshot"
                    + " should restore without falling back again; log " + again.node(0).log());
        }
    }

    /** Starts clusters in parallel and waits for all; closes those that started if one fails. */
    private static List<PackagedCluster> startAll(List<Supplier<PackagedCluster>> starts) {
        ExecutorService starter = Executors.newFixedThreadPool(starts.size());
        try {
            List<Future<PackagedCluster>> started = new ArrayList<>();
            starts.forEach(start -> started.add(starter.submit(start::get)));
            List<PackagedCluster> clusters = new ArrayList<>();
            Throwable failure = null;
            for (Future<PackagedCluster> future : started) {
                try {
                    clusters.add(future.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                clusters.forEach(PackagedCluster::close);
                throw new AssertionError("a fallback node did not start", failure);
            }
            return clusters;
        } finally {
            starter.shutdownNow();
        }
    }

    /**
     * What the node printed to stderr as it gave up: the "snapgrid: initial load failed" line and the lines of the
     * message after it (the maps, files and problems, indented), not the log lines around it.
     */
    private static String failureMessage(PackagedNode node) {
        List<String> lines = node.logText().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("snapgrid: initial load failed")) {
                StringBuilder message = new StringBuilder(lines.get(i));
                for (int j = i + 1; j < lines.size() && (lines.get(j).startsWith(" ")
                        || lines.get(j).startsWith("map ")); j++) {
                    message.append('\n').append(lines.get(j));
                }
                return message.toString();
            }
        }
        throw new AssertionError("the node printed no \"snapgrid: initial load failed\"; log " + node.log());
    }

    private PackagedCluster start(String run, Path root, boolean allowFallback) {
        return PackagedCluster.start(work.resolve(run), 1, root, flags(allowFallback));
    }

    /** A node that is not waited for: one that must refuse to start. */
    private PackagedNode startUnwatched(Path dir, Path root) {
        int memberPort = TestCluster.freePort();
        List<String> flags = new ArrayList<>(List.of(
                "--snapshots.root=" + root.toAbsolutePath(),
                "--cluster.name=it-" + UUID.randomUUID(),
                "--cluster.member-port=" + memberPort,
                "--cluster.members=127.0.0.1:" + memberPort,
                "--cluster.min-size=1"));
        flags.addAll(flags(false));
        return PackagedNode.start(dir, "node", TestCluster.freePort(), flags);
    }

    private static List<String> flags(boolean allowFallback) {
        return List.of(
                "--cluster.expected-size=1",
                "--snapshots.restore.allow-fallback=" + allowFallback,
                // One delta per run, written at its graceful stop.
                "--snapshots.commit-log.roll-interval=1h",
                // The leader compacts at once when a run starts on a delta that outgrew the full.
                "--control.snapshot-coordination.interval=1s",
                "--control.node-health.warning-after=1d",
                "--control.node-health.alert-after=2d");
    }

    private interface Writes {
        void apply(IMap<String, GenericRecord> map, Map<String, Integer> state);
    }

    private void write(PackagedCluster run, Writes writes, Map<String, Integer> state) {
        HazelcastInstance client = run.smartClient();
        try {
            writes.apply(client.getMap(MAP), state);
        } finally {
            client.shutdown();
        }
    }

    private void put(IMap<String, GenericRecord> map, Map<String, Integer> state, String key, int version) {
        map.set(key, versions.record(key, version));
        state.put(key, version);
    }

    private Map<String, Integer> served(PackagedCluster cluster) {
        HazelcastInstance client = cluster.smartClient();
        try {
            return versions.restored(client.getMap(MAP));
        } finally {
            client.shutdown();
        }
    }

    private static void flipByte(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            long middle = channel.size() / 2;
            channel.read(one, middle);
            one.flip();
            byte flipped = (byte) (one.get(0) ^ 0x5A);
            channel.write(java.nio.ByteBuffer.wrap(new byte[]{flipped}), middle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void truncate(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
