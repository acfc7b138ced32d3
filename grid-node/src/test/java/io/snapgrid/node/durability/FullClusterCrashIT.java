package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.S3Store;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL of all three members at once in the middle of concurrent strong writes (Java client puts and sets, REST puts,
 * deletes): a cluster restarted on the same snapshot store holds every acknowledged write (docs/durability.md, strong:
 * nothing acknowledged is lost), keeps deleted keys deleted, and holds nothing never written. On a shared snapshot
 * root, and with snapshots in S3 (s3proxy in this JVM) and each member's commit log on a directory of its own.
 */
class FullClusterCrashIT {

    /** Kept when the test fails: it holds every node's log and the snapshot root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void everyAcknowledgedStrongWriteSurvivesTheWholeClusterBeingKilled() {
        crashAndRestore(new CrashDrill(work));
    }

    @Test
    void everyAcknowledgedStrongWriteSurvivesTheWholeClusterBeingKilledWithSnapshotsInS3() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer("snapgrid-crash", true).start()) {
            crashAndRestore(CrashDrill.inS3(work, S3Store.freshPrefix(s3)));
            System.out.println("objects in the bucket after the drill: " + s3.raw().listObjectsV2Paginator(
                    list -> list.bucket(s3.bucket())).contents().stream().count());
        }
    }

    private static void crashAndRestore(CrashDrill drill) {
        NodeVersions versions = new NodeVersions();
        WriteLedger ledger = new WriteLedger(CrashDrill.STRONG);
        try (PackagedCluster crashing = drill.start("run-1")) {
            HazelcastInstance client = crashing.smartClient();
            WriteLoad load = new WriteLoad(ledger, CrashDrill.writers(crashing, client, CrashDrill.STRONG, versions),
                    40, 0).start();
            try {
                load.awaitAcknowledged(1500);
                CrashDrill.log("SIGKILL of every member after " + ledger.acknowledged() + " acknowledged writes");
                crashing.killAll();
                load.halt();
            } finally {
                // Fails what the dead members still owe, so the writers stop at once.
                client.shutdown();
                load.stop();
            }
            CrashDrill.log("writers stopped: " + ledger.acknowledged() + " acknowledged, " + ledger.unknown()
                    + " unknown");
        }
        WriteLedger.Verdict verdict;
        try (PackagedCluster restored = drill.start("run-2")) {
            verdict = CrashDrill.strongVerdict(restored, ledger, versions);
        }
        System.out.println("full cluster crash, strong: " + verdict);
        assertTrue(verdict.acknowledged() >= 1500, verdict.toString());
        assertEquals(List.of(), verdict.violations(), verdict.toString());
    }
}
