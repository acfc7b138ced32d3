package io.snapgrid.node.durability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.snapgrid.node.StartupFailure;
import io.snapgrid.node.durability.CorruptSnapshots.Damage;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.S3Store;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged snapshot stops a node's restore, naming the file, and with {@code snapshots.restore.allow-fallback} the
 * node starts from the older valid state and says so loudly. Single-node clusters in this JVM, one at a time, each on
 * a copy of the root of {@link CorruptSnapshots} with one kind of damage. Then a write made after a fallback must
 * survive the next start, which must not fall back again. The same damage to objects in S3 (s3proxy in this JVM)
 * is refused the same way. {@link CorruptSnapshotIT} runs one of these refusals as the
 * packaged node, for the exit code the start command gives.
 */
class CorruptSnapshotTest {

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("snapgrid-corrupt", true);

    /** Kept when the test fails: it holds every damaged root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static CorruptSnapshots snapshots;

    @BeforeAll
    static void writeTheHistory() {
        snapshots = new CorruptSnapshots(work.resolve("snapshots"));
    }

    @Test
    void aDamagedSnapshotStopsTheRestoreNamingTheFile() {
        for (Damage damage : snapshots.damages()) {
            Path root = snapshots.damagedCopy(damage, work.resolve("refused-" + damage.name()));
            assertRefused(damage, root, CorruptSnapshots.flags(false));
        }
    }

    /** The same damage to objects in S3 (the deleted file: an object never uploaded) is refused the same way. */
    @Test
    void aDamagedOrMissingObjectInS3StopsTheRestoreNamingIt() throws IOException {
        S3Store.useCredentials(S3ProxyServer.SECRET_KEY);
        try {
            for (Damage damage : snapshots.damages()) {
                S3Store store = S3Store.freshPrefix(S3).upload(snapshots.damagedCopy(damage,
                        work.resolve("s3-damaged-" + damage.name())));
                List<String> flags = new ArrayList<>(List.of(CorruptSnapshots.flags(false)));
                flags.addAll(store.flags());
                assertRefused(damage, Files.createDirectory(work.resolve("s3-root-" + damage.name())),
                        flags.toArray(String[]::new));
            }
        } finally {
            S3Store.forgetCredentials();
        }
    }

    private static void assertRefused(Damage damage, Path root, String... flags) {
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        StartupFailure failure = (what, cause) -> failed.complete(cause);
        try (TestCluster node = TestCluster.start(1, root, List.of(failure), flags)) {
            await(damage.name() + ": the restore fails").until(failed::isDone);
            String message = String.valueOf(failed.join().getMessage());
            System.out.println("corrupt snapshot, " + damage.name() + ": " + message);
            assertTrue(message.contains(damage.file()), damage.name() + ": the failure should name "
                    + damage.file() + ": " + message);
            Http.Reply readiness = new Http(node.restUrl(0)).get("/health/readiness");
            assertEquals(503, readiness.status(), damage.name() + ": " + readiness);
            assertEquals(0, fallbacks(node), damage.name() + ": fell back although not allowed");
        }
    }

    @Test
    void withFallbackAllowedTheNodeServesTheOlderValidStateAndAWriteAfterItSurvives() {
        Damage first = snapshots.damages().get(0);
        Path firstRoot = null;
        for (Damage damage : snapshots.damages()) {
            Path root = snapshots.damagedCopy(damage, work.resolve("fallback-" + damage.name()));
            try (TestCluster node = TestCluster.start(1, root, List.of(), CorruptSnapshots.flags(true))) {
                node.awaitReady();
                assertEquals(1, fallbacks(node), damage.name() + ": no loud fallback");
                assertEquals(damage.fallbackState(), snapshots.served(node), damage.name() + ": state served");
                System.out.println("corrupt snapshot, " + damage.name() + ": fell back to "
                        + (damage.fallbackState() == snapshots.latest ? "every change" : "full snapshot 4") + ", "
                        + damage.fallbackState().size() + " entries served");
                if (damage == first) {
                    firstRoot = root;
                    snapshots.write(node, (map, state) -> map.set("after-fallback",
                            snapshots.versions.record("after-fallback", 1)), new HashMap<>());
                }
            }
        }

        // A write acknowledged after a fallback is as durable as any: the next start must not fall back past it.
        Map<String, Integer> afterFallback = new TreeMap<>(first.fallbackState());
        afterFallback.put("after-fallback", 1);
        try (TestCluster again = TestCluster.start(1, firstRoot, List.of(), CorruptSnapshots.flags(true))) {
            again.awaitReady();
            assertEquals(afterFallback, snapshots.served(again), "restarted after a fallback and a write");
            assertEquals(0, fallbacks(again), "the fallback's new full snapshot should restore without falling"
                    + " back again");
        }
    }

    /** Restores of this node that fell back (snapgrid.snapshots.restore.fallbacks, which goes with the loud log). */
    private static double fallbacks(TestCluster node) {
        Counter counter = node.bean(0, MeterRegistry.class).find("snapgrid.snapshots.restore.fallbacks").counter();
        return counter == null ? 0 : counter.count();
    }
}
