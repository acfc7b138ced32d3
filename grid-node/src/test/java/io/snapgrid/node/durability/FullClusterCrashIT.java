package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.PackagedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL of all three members at once in the middle of concurrent strong writes (Java client puts and sets, REST puts,
 * deletes): a cluster restarted on the same snapshot root holds every acknowledged write (docs/durability.md, strong:
 * nothing acknowledged is lost), keeps deleted keys deleted, and holds nothing never written.
 */
class FullClusterCrashIT {

    /** Kept when the test fails: it holds every node's log and the snapshot root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void everyAcknowledgedStrongWriteSurvivesTheWholeClusterBeingKilled() {
        CrashDrill drill = new CrashDrill(work);
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
