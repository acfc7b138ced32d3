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
 * SIGKILL of all three members in the middle of concurrent writes to a weak map (write-behind, flushed every
 * {@link CrashDrill#WEAK_INTERVAL}): what a crash of the whole cluster loses is at most the last interval (see
 * docs/durability.md). Every write acknowledged longer than {@link CrashDrill#weakBound()} before the kill must be
 * restored, as its key's latest such write or a later one; younger ones may be lost, and how many were is printed.
 */
class WeakLossIsBoundedIT {

    /** Kept when the test fails: it holds every node's log and the snapshot root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aWholeClusterCrashLosesOnlyTheLastIntervalOfWeakWrites() throws InterruptedException {
        CrashDrill drill = new CrashDrill(work);
        NodeVersions versions = new NodeVersions();
        WriteLedger ledger = new WriteLedger(CrashDrill.WEAK);
        long killedAt;
        try (PackagedCluster crashing = drill.start("run-1")) {
            HazelcastInstance client = crashing.smartClient();
            // Paced: unpaced memory writes would starve the members' flushes of CPU on two cores.
            WriteLoad load = new WriteLoad(ledger, CrashDrill.writers(crashing, client, CrashDrill.WEAK, versions),
                    40, 5).start();
            try {
                load.awaitAcknowledged(100);
                // Long enough that most of the load is older than the bound when the cluster dies.
                Thread.sleep(CrashDrill.weakBound().multipliedBy(2).toMillis());
                killedAt = System.currentTimeMillis();
                CrashDrill.log("SIGKILL of every member after " + ledger.acknowledged() + " acknowledged writes");
                crashing.killAll();
                load.halt();
            } finally {
                client.shutdown();
                load.stop();
            }
        }
        long bound = killedAt - CrashDrill.weakBound().toMillis();
        try (PackagedCluster restored = drill.start("run-2")) {
            CrashDrill.log("restarted cluster is ready");
            HazelcastInstance client = restored.smartClient();
            try {
                WriteLedger.Verdict verdict = ledger.check(versions.restored(client.getMap(CrashDrill.WEAK)),
                        write -> write.answeredAtMillis() < bound);
                System.out.println("full cluster crash, weak (bound " + CrashDrill.weakBound().toMillis()
                        + " ms before the kill): " + verdict + "; " + verdict.oldestLostBefore(killedAt) + " the kill");
                assertTrue(verdict.coveredWrites() > 0, "no write was old enough to be covered: " + verdict);
                assertEquals(List.of(), verdict.violations(), verdict.toString());
            } finally {
                client.shutdown();
            }
        }
    }
}
