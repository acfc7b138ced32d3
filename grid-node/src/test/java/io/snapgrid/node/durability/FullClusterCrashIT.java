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
 * SIGKILL of all three members at once in the middle of concurrent writes (Java client puts and sets, REST puts,
 * deletes) to a strong map and to a weak one (write-behind, flushed every {@link CrashDrill#WEAK_INTERVAL}), on a
 * shared snapshot root (docs/durability.md). The cluster restarted on the same root holds every acknowledged strong
 * write (nothing acknowledged is lost), keeps deleted keys deleted, and holds nothing never written. Of the weak map
 * it loses at most the last interval: every write acknowledged longer than {@link CrashDrill#weakBound()} before the
 * kill must be restored, as its key's latest such write or a later one; younger ones may be lost, and how many were
 * is printed. {@link MemberLostWithItsLogIT} kills a whole cluster whose snapshots are in S3.
 */
class FullClusterCrashIT {

    /** Kept when the test fails: it holds every node's log and the snapshot root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aWholeClusterCrashLosesNoAcknowledgedStrongWriteAndOnlyTheLastIntervalOfWeakWrites()
            throws InterruptedException {
        CrashDrill drill = new CrashDrill(work);
        NodeVersions versions = new NodeVersions();
        WriteLedger strong = new WriteLedger(CrashDrill.STRONG);
        WriteLedger weak = new WriteLedger(CrashDrill.WEAK);
        long killedAt;
        try (PackagedCluster crashing = drill.start("run-1")) {
            HazelcastInstance client = crashing.smartClient();
            WriteLoad strongLoad = new WriteLoad(strong,
                    CrashDrill.writers(crashing, client, CrashDrill.STRONG, versions), 40, 0).start();
            // Paced: unpaced memory writes would starve the members' flushes of CPU on two cores.
            WriteLoad weakLoad = new WriteLoad(weak,
                    CrashDrill.writers(crashing, client, CrashDrill.WEAK, versions), 40, 5).start();
            try {
                weakLoad.awaitAcknowledged(100);
                // Long enough that most of the weak load is older than the bound when the cluster dies.
                Thread.sleep(CrashDrill.weakBound().multipliedBy(2).toMillis());
                strongLoad.awaitAcknowledged(1500);
                killedAt = System.currentTimeMillis();
                CrashDrill.log("SIGKILL of every member after " + strong.acknowledged() + " strong and "
                        + weak.acknowledged() + " weak writes acknowledged");
                crashing.killAll();
                strongLoad.halt();
                weakLoad.halt();
            } finally {
                // Fails what the dead members still owe, so the writers stop at once.
                client.shutdown();
                strongLoad.stop();
                weakLoad.stop();
            }
            CrashDrill.log("writers stopped: strong " + strong.acknowledged() + " acknowledged, " + strong.unknown()
                    + " unknown; weak " + weak.acknowledged() + " acknowledged, " + weak.unknown() + " unknown");
        }
        CrashDrill.Verdicts verdicts;
        try (PackagedCluster restored = drill.start("run-2")) {
            verdicts = CrashDrill.strongAndWeakVerdicts(restored, strong, weak, versions, killedAt,
                    "full cluster crash");
        }
        assertTrue(verdicts.strong().acknowledged() >= 1500, verdicts.strong().toString());
        assertEquals(List.of(), verdicts.strong().violations(), verdicts.strong().toString());
        assertTrue(verdicts.weak().coveredWrites() > 0, "no weak write was old enough to be covered: "
                + verdicts.weak());
        assertEquals(List.of(), verdicts.weak().violations(), verdicts.weak().toString());
    }
}
