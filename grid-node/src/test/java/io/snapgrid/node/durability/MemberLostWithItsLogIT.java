package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;
import io.snapgrid.node.testing.S3Store;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots in S3 (s3proxy in this JVM) and each member's commit log on a volume of its own, never rolled during the
 * run. SIGKILL of one of three members in the middle of concurrent strong writes (Java client puts and sets, REST
 * puts, deletes), and its log volume deleted: what it acknowledged is now only in the survivors' memory. The writers
 * stop at the crash, so no later write covers a lost one. Once both survivors report the cluster safe, they are
 * SIGKILLed too, and the cluster restarted on the same bucket and the survivors' volumes (each node rolls the dead log
 * of its own volume into S3 deltas before it joins) holds every acknowledged strong write (docs/durability.md, a
 * member lost with its commit-log volume; docs/s3.md, every member crashes at once).
 */
class MemberLostWithItsLogIT {

    private static final Duration SAFE_LIMIT = Duration.ofMinutes(5);

    /** Kept when the test fails: it holds every node's log and the log volumes. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void strongWritesSurviveAMemberLostWithItsLogVolumeAndThenTheWholeCluster() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer("snapgrid-crash", true).start()) {
            loseAMemberWithItsLogThenTheCluster(CrashDrill.inS3(work, S3Store.freshPrefix(s3)));
            System.out.println("objects in the bucket after the drill: " + s3.raw().listObjectsV2Paginator(
                    list -> list.bucket(s3.bucket())).contents().stream().count());
        }
    }

    private static void loseAMemberWithItsLogThenTheCluster(CrashDrill drill) throws IOException {
        NodeVersions versions = new NodeVersions();
        WriteLedger ledger = new WriteLedger(CrashDrill.STRONG);
        try (PackagedCluster crashing = drill.startWithLogVolumes("run-1")) {
            HazelcastInstance client = crashing.smartClient();
            WriteLoad load = new WriteLoad(ledger, CrashDrill.writers(crashing, client, CrashDrill.STRONG, versions),
                    30, 0).start();
            try {
                load.awaitAcknowledged(800);
                PackagedNode victim = crashing.node(2);
                CrashDrill.log("SIGKILL of member 2 and deletion of its log volume after " + ledger.acknowledged()
                        + " acknowledged writes");
                victim.kill();
                // No write after the crash may overwrite a key: the last value of each key the victim owned must
                // come back from the survivors' take-over alone.
                load.halt();
                DurableTesting.loseVolume(drill.logVolume(2));
                await("the survivors see two members")
                        .until(() -> crashing.node(0).http().get("/v1/cluster").json().path("members").size() == 2
                                && crashing.node(1).http().get("/v1/cluster").json().path("members").size() == 2);
                Instant gone = Instant.now();
                for (int slot = 0; slot < 2; slot++) {
                    PackagedNode survivor = crashing.node(slot);
                    // Hazelcast's safety check can wait a minute or more on a member that just died (ClusterSafety).
                    await("node " + slot + " reports the cluster safe after the crash").atMost(SAFE_LIMIT)
                            .until(() -> {
                                JsonNode cluster = survivor.http().get("/v1/cluster").json();
                                return cluster.path("safe").asBoolean()
                                        && Instant.parse(cluster.path("safeCheckedAt").asText()).isAfter(gone);
                            });
                }
                CrashDrill.log("SIGKILL of the survivors");
                crashing.killAll();
            } finally {
                client.shutdown();
                load.stop();
            }
            assertTrue(crashing.node(0).logText().contains("Took over")
                    || crashing.node(1).logText().contains("Took over"), "a survivor should log its take-over");
        }
        WriteLedger.Verdict verdict;
        try (PackagedCluster restored = drill.startWithLogVolumes("run-2")) {
            verdict = CrashDrill.strongVerdict(restored, ledger, versions);
        }
        System.out.println("member lost with its log volume, strong: " + verdict);
        assertEquals(List.of(), verdict.violations(), verdict.toString());
    }
}
