package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL of one of three members (backups: 1) in the middle of concurrent strong and weak writes, which go on
 * against the two survivors; then SIGKILL of the survivors too. The cluster restarted on the same root has lost
 * nothing acknowledged: every strong write, and every weak write older than the weak bound at the final kill
 * (docs/durability.md: a weak map loses nothing when one member crashes, so the weak writes that only the first dead
 * member had queued must have been flushed by the survivors their backups were promoted on).
 *
 * <p>The final stop is a SIGKILL rather than a graceful stop: a graceful one flushes every write-behind queue and
 * rolls every commit log on the way out, which would leave only the first member's remains to recover. Killed,
 * the restart must roll three dead members' logs, one dead for much longer than the others, and the weak map
 * may lose its last interval, so weak writes are compared only up to the bound.
 */
class SingleMemberCrashIT {

    /** Kept when the test fails: it holds every node's log and the snapshot root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void oneMemberCrashingLosesNothingAcknowledged() throws InterruptedException {
        CrashDrill drill = new CrashDrill(work);
        NodeVersions versions = new NodeVersions();
        WriteLedger strong = new WriteLedger(CrashDrill.STRONG);
        WriteLedger weak = new WriteLedger(CrashDrill.WEAK);
        long killedAt;
        try (PackagedCluster crashing = drill.start("run-1")) {
            HazelcastInstance client = crashing.smartClient();
            List<EntryWriter> strongWriters = CrashDrill.writers(crashing, client, CrashDrill.STRONG, versions);
            List<EntryWriter> weakWriters = CrashDrill.writers(crashing, client, CrashDrill.WEAK, versions);
            WriteLoad strongLoad = new WriteLoad(strong, strongWriters, 30, 0).start();
            WriteLoad weakLoad = new WriteLoad(weak, weakWriters, 30, 10).start();
            try {
                strongLoad.awaitAcknowledged(500);
                weakLoad.awaitAcknowledged(300);
                PackagedNode victim = crashing.node(2);
                CrashDrill.log("SIGKILL of member 2 after " + strong.acknowledged() + " strong and "
                        + weak.acknowledged() + " weak writes acknowledged");
                victim.kill();
                strongWriters.forEach(writer -> writer.avoid(victim));
                weakWriters.forEach(writer -> writer.avoid(victim));
                await("the survivors see two members")
                        .until(() -> crashing.node(0).http().get("/v1/cluster").json().path("members").size() == 2);
                int strongBefore = strong.acknowledged();
                int weakBefore = weak.acknowledged();
                // Long enough that the weak writes only the victim had queued are older than the bound at the end.
                Thread.sleep(CrashDrill.weakBound().multipliedBy(2).toMillis());
                CrashDrill.log("after the crash of one member, " + (strong.acknowledged() - strongBefore)
                        + " strong and " + (weak.acknowledged() - weakBefore) + " weak writes acknowledged by the"
                        + " survivors");
                assertTrue(strong.acknowledged() > strongBefore && weak.acknowledged() > weakBefore,
                        "the survivors should have gone on acknowledging writes");
                killedAt = System.currentTimeMillis();
                crashing.killAll();
                strongLoad.halt();
                weakLoad.halt();
            } finally {
                client.shutdown();
                strongLoad.stop();
                weakLoad.stop();
            }
        }
        CrashDrill.Verdicts verdicts;
        try (PackagedCluster restored = drill.start("run-2")) {
            verdicts = CrashDrill.strongAndWeakVerdicts(restored, strong, weak, versions, killedAt,
                    "single member crash");
        }
        assertEquals(List.of(), verdicts.strong().violations(), verdicts.strong().toString());
        assertEquals(List.of(), verdicts.weak().violations(), verdicts.weak().toString());
    }
}
