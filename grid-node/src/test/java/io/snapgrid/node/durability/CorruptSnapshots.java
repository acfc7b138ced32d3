package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.TestCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The damage matrix of {@link CorruptSnapshotTest} and {@link CorruptSnapshotIT}: a snapshot root that holds two
 * full snapshots with a delta after each, written by three single-node runs in this JVM, one after the other,
 * <pre>
 * FULL 2 (base 1)  every key at v1     compacted by the leader from the delta the first run left
 * DELTA 3          every key at v2     rolled from the commit log at the second run's graceful stop
 * FULL 4 (base 3)  every key at v2     compacted by the leader when the third run started
 * DELTA 5          some keys at v3, some deleted, some new: the third run's writes
 * </pre>
 * and the ways to damage a copy of it. Each run rolls its commit log only at its graceful stop (roll interval of an
 * hour), so each leaves one delta.
 */
final class CorruptSnapshots {

    static final String MAP = "inventory.nodes";
    private static final int KEYS = 200;

    /** One kind of damage to one file, and the state a fallback restore must serve despite it. */
    record Damage(String name, String file, Consumer<Path> harm, Map<String, Integer> fallbackState) {
    }

    final NodeVersions versions = new NodeVersions();
    /** What full snapshot 4 holds: every key at v2. */
    final Map<String, Integer> asOfFull4 = new TreeMap<>();
    /** Every write of the three runs. */
    final Map<String, Integer> latest = new TreeMap<>();
    private final SnapshotHistory history;
    private final List<Damage> damages = new ArrayList<>();

    /** Writes the history under {@code root}. */
    CorruptSnapshots(Path root) {
        history = new SnapshotHistory(root, MAP);
        run(root, -1, (map, state) -> {
            for (int i = 0; i < KEYS; i++) {
                put(map, state, "k" + i, 1);
            }
        });
        run(root, 1, (map, state) -> {
            for (int i = 0; i < KEYS; i++) {
                put(map, state, "k" + i, 2);
            }
        });
        asOfFull4.putAll(latest);
        run(root, 3, (map, state) -> {
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
        });
        assertEquals(List.of("FULL 2 (base 1)", "DELTA 3", "FULL 4 (base 3)", "DELTA 5"), history.layout());
        String delta5 = SnapshotHistory.dataFile(history.manifest(5));
        String full4 = SnapshotHistory.dataFile(history.manifest(4));
        // Restore stops at the first bad snapshot rather than skipping it: full 4 is what is left.
        damages.add(new Damage("flipped-byte", delta5, CorruptSnapshots::flipByte, asOfFull4));
        // A damaged full is passed over: full 2 and the deltas after it hold every change.
        damages.add(new Damage("truncated-full", full4, CorruptSnapshots::truncate, latest));
        damages.add(new Damage("deleted-file", delta5, CorruptSnapshots::delete, asOfFull4));
    }

    List<Damage> damages() {
        return List.copyOf(damages);
    }

    /** A copy of the root at {@code copy} with {@code damage} done to it. */
    Path damagedCopy(Damage damage, Path copy) {
        history.copyTo(copy);
        damage.harm().accept(copy.resolve(damage.file()));
        return copy;
    }

    /** The flags of every node on these roots, in this JVM or packaged. */
    static String[] flags(boolean allowFallback) {
        return new String[]{
                "--cluster.expected-size=1",
                "--snapshots.restore.allow-fallback=" + allowFallback,
                // One delta per run, written at its graceful stop.
                "--snapshots.commit-log.roll-interval=1h",
                // The leader compacts at once when a run starts on a delta that outgrew the full.
                "--control.snapshot-coordination.interval=1s",
                "--control.node-health.warning-after=1d",
                "--control.node-health.alert-after=2d"};
    }

    interface Writes {
        void apply(IMap<String, GenericRecord> map, Map<String, Integer> state);
    }

    /** Writes through a Java client of the one-node cluster, recording each write in {@code state}. */
    void write(TestCluster cluster, Writes writes, Map<String, Integer> state) {
        writes.apply(cluster.client().getMap(MAP), state);
    }

    /** The version of every key the one-node cluster serves. */
    Map<String, Integer> served(TestCluster cluster) {
        HazelcastInstance client = cluster.client();
        return versions.restored(client.getMap(MAP));
    }

    /** One run: a node on the root, a full snapshot after {@code fullAfter} (if not -1), the writes, a graceful stop. */
    private void run(Path root, long fullAfter, Writes writes) {
        try (TestCluster run = TestCluster.start(1, root, List.of(), flags(false))) {
            run.awaitReady();
            if (fullAfter >= 0) {
                history.awaitFullAfter(fullAfter);
            }
            write(run, writes, latest);
        }
    }

    private void put(IMap<String, GenericRecord> map, Map<String, Integer> state, String key, int version) {
        map.set(key, versions.record(key, version));
        state.put(key, version);
    }

    private static void flipByte(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long middle = channel.size() / 2;
            channel.read(one, middle);
            byte flipped = (byte) (one.get(0) ^ 0x5A);
            channel.write(ByteBuffer.wrap(new byte[]{flipped}), middle);
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
