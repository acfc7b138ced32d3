package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.control.ActionRecord;
import io.snapgrid.node.control.ControlLeadership;
import io.snapgrid.node.control.ControlMaps;
import io.snapgrid.node.control.SnapshotOperation;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.node.testing.TestSnapshots;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotCompaction;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotVerifier;
import io.snapgrid.snapshot.VerifiedChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot admin API on two real members sharing one snapshot root, over real HTTP, with real Parquet files
 * written by {@code SnapshotWriter}. Each test uses maps of its own. The change feed's one claim that needs a second
 * member is here too, to share the cluster.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotAdminRestTest {

    @TempDir
    static Path root;

    private TestCluster cluster;
    private TestSnapshots snapshots;

    @BeforeAll
    void start() {
        // The periodic snapshot-coordination round would compact the tests' maps behind their backs; only the round
        // at election runs, and the tests wait for it before writing.
        cluster = TestCluster.start(2, "--snapshots.root=" + root, "--control.snapshot-coordination.interval=1h");
        snapshots = new TestSnapshots(root, 1000);
        Http http = new Http(cluster.restUrl(0));
        await("the election's snapshot-coordination round").until(() -> {
            for (JsonNode duty : http.get("/v1/control").json().path("duties")) {
                if (duty.path("duty").asText().equals("snapshot-coordination")) {
                    return true;
                }
            }
            return false;
        });
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void theListingShowsEachMapsSnapshotsNewestFirst() {
        String map = "stats.listing";
        List<SnapshotManifest> written = new ArrayList<>(List.of(
                snapshots.full(map, null, 0, 100, 1),
                snapshots.delta(map, 50, 120, 2),
                snapshots.deletes(map, 0, 10, 3)));
        written.add(snapshots.full(map, 3L, 10, 120, 3));
        written.add(snapshots.delta(map, 0, 5, 4));
        SnapshotManifest other = snapshots.delta("stats.listing-other", 0, 3, 1);

        JsonNode listed = get(1, "/v1/snapshots?map=" + map).path("maps");
        assertEquals(1, listed.size(), listed::toString);
        assertEquals(map, listed.get(0).path("map").asText());
        JsonNode rows = listed.get(0).path("snapshots");
        assertEquals(written.size(), rows.size(), rows::toString);
        for (int i = 0; i < written.size(); i++) {
            SnapshotManifest manifest = written.get(written.size() - 1 - i);
            JsonNode row = rows.get(i);
            assertEquals(manifest.id(), row.path("id").asLong(), row::toString);
            assertEquals(manifest.kind().name().toLowerCase(), row.path("kind").asText(), row::toString);
            assertEquals(manifest.createdAt().toString(), row.path("createdAt").asText(), row::toString);
            assertEquals(manifest.rowCount(), row.path("rows").asLong(), row::toString);
            assertEquals(manifest.files().stream().mapToLong(SnapshotFile::byteSize).sum(), row.path("bytes").asLong(),
                    row::toString);
            assertEquals(manifest.files().size(), row.path("files").asInt(), row::toString);
            // Null fields are left out of the JSON.
            assertEquals(manifest.parentId(), row.has("parentId") ? row.path("parentId").asLong() : null,
                    row::toString);
            assertEquals(manifest.baseId(), row.has("baseId") ? row.path("baseId").asLong() : null, row::toString);
        }
        assertEquals("full", rows.get(1).path("kind").asText());
        assertEquals(3, rows.get(1).path("baseId").asLong());
        assertFalse(rows.get(4).has("parentId"), "the first snapshot has no parent");
        assertEquals(100, rows.get(4).path("rows").asLong());
        assertEquals(10, rows.get(2).path("rows").asLong(), "tombstones are rows too");

        List<String> everyMap = new ArrayList<>();
        get(0, "/v1/snapshots").path("maps").forEach(each -> everyMap.add(each.path("map").asText()));
        assertTrue(everyMap.indexOf(map) >= 0 && everyMap.indexOf(map) + 1 == everyMap.indexOf(other.map()),
                "maps in name order: " + everyMap);
        assertEquals(0, get(0, "/v1/snapshots?map=stats.never-written").path("maps").size());
        Http.Reply invalid = new Http(cluster.restUrl(0)).get("/v1/snapshots?map=..%2Fetc");
        assertProblem(invalid, 400, "invalid-map-name");
    }

    @Test
    void verifyReportsEachDamagedFileByPathAndKind() {
        String map = "stats.verify";
        SnapshotManifest full = snapshots.full(map, null, 0, 200, 1);
        SnapshotManifest flipped = snapshots.delta(map, 0, 50, 2);
        SnapshotManifest emptied = snapshots.delta(map, 50, 100, 3);
        snapshots.delta(map, 100, 150, 4);

        JsonNode clean = post(1, "/v1/snapshots/verify?map=" + map);
        assertTrue(clean.path("ok").asBoolean(), clean::toString);
        JsonNode cleanMap = clean.path("maps").get(0);
        assertEquals(map, cleanMap.path("map").asText());
        assertEquals(4, cleanMap.path("snapshots").asInt());
        assertEquals(4, cleanMap.path("files").asInt());
        assertEquals(0, cleanMap.path("problems").size());

        String flippedFile = flipped.files().get(0).path();
        snapshots.flipByte(flippedFile, flipped.files().get(0).byteSize() / 2);
        String truncatedFile = full.files().get(0).path();
        snapshots.truncate(truncatedFile, full.files().get(0).byteSize() - 10);
        String deletedFile = emptied.files().get(0).path();
        snapshots.deleteFile(deletedFile);

        JsonNode damaged = post(0, "/v1/snapshots/verify?map=" + map);
        assertFalse(damaged.path("ok").asBoolean(), damaged::toString);
        JsonNode damagedMap = damaged.path("maps").get(0);
        assertFalse(damagedMap.path("ok").asBoolean());
        assertEquals(4, damagedMap.path("snapshots").asInt());
        Set<String> problems = new TreeSet<>();
        for (JsonNode problem : damagedMap.path("problems")) {
            assertFalse(problem.path("detail").asText().isEmpty(), problem::toString);
            problems.add(problem.path("path").asText() + " " + problem.path("kind").asText());
        }
        assertEquals(new TreeSet<>(List.of(
                flippedFile + " CHECKSUM_MISMATCH",
                truncatedFile + " SIZE_MISMATCH",
                truncatedFile + " CHECKSUM_MISMATCH",
                truncatedFile + " UNREADABLE_FILE",
                deletedFile + " MISSING_FILE")), problems);

        JsonNode everything = post(1, "/v1/snapshots/verify");
        assertFalse(everything.path("ok").asBoolean(), everything::toString);
        boolean found = false;
        for (JsonNode each : everything.path("maps")) {
            if (each.path("map").asText().equals(map)) {
                found = true;
                assertEquals(5, each.path("problems").size(), each::toString);
            }
        }
        assertTrue(found, everything::toString);
    }

    @Test
    void aRequestedFullSnapshotIsWrittenByTheLeaderAndReadableEverywhere() throws IOException {
        String map = "inventory.nodes";
        snapshots.full(map, null, 0, 1000, 1);
        snapshots.delta(map, 0, 5, 2);
        SnapshotManifest head = snapshots.deletes(map, 5, 7, 3);
        Map<String, SnapshotRow> merged = snapshots.latest(map);
        assertFalse(new SnapshotCompaction(snapshots.storage()).isDue(map), "small deltas: the 50% rule is not due");
        int leader = awaitLeader();
        long epoch = cluster.bean(leader, ControlLeadership.class).validEpoch().orElseThrow();
        int asked = 1 - leader;

        Http.Reply accepted = new Http(cluster.restUrl(asked)).post("/v1/snapshots?map=" + map, "");
        assertEquals(202, accepted.status(), accepted::toString);
        String id = accepted.json().path("id").asText();
        assertEquals("/v1/operations/" + id, accepted.location());
        assertEquals(map, accepted.json().path("map").asText());
        assertEquals("full-snapshot", accepted.json().path("kind").asText());
        assertTrue(Set.of("pending", "running", "succeeded").contains(accepted.json().path("state").asText()),
                accepted::toString);

        // Polled from the leader, which is not the member that took the request.
        JsonNode done = awaitFinished(leader, accepted.location());
        assertEquals("succeeded", done.path("state").asText(), done::toString);
        assertEquals(epoch, done.path("epoch").asLong(), done::toString);
        assertEquals(1, done.path("attempts").asInt());
        for (String time : List.of("createdAt", "startedAt", "finishedAt")) {
            assertTrue(done.hasNonNull(time), time + " in " + done);
        }
        JsonNode written = done.path("result").path("snapshot");
        assertEquals("full", written.path("kind").asText(), done::toString);
        assertEquals(head.id() + 1, written.path("id").asLong());
        assertEquals(head.id(), written.path("baseId").asLong());
        assertEquals(head.id(), written.path("parentId").asLong());
        assertEquals(merged.size(), written.path("rows").asLong());
        assertEquals(merged.size(), done.path("progress").path("rowsWritten").asLong());

        SnapshotManifest full = new SnapshotCatalog(snapshots.storage()).manifest(map, written.path("id").asLong());
        assertEquals(SnapshotKind.FULL, full.kind());
        assertEquals(full.byteSize(), written.path("bytes").asLong());
        VerifiedChain chain = new SnapshotVerifier(snapshots.storage()).verifyLatest(map).orElseThrow();
        assertEquals(List.of(full), chain.manifests(), "a restore now reads the new full snapshot alone");
        assertEquals(merged, snapshots.content(chain));
        assertEquals(done, get(asked, accepted.location()), "every member reads the same operation");
        assertEquals(full.id(), get(asked, "/v1/snapshots?map=" + map).path("maps").get(0).path("snapshots").get(0)
                .path("id").asLong(), "the listing shows it first");

        String described = "write full snapshot of " + map + " (operation " + id + ")";
        List<ActionRecord> actions = cluster.member(asked).<String, ActionRecord>getMap(ControlMaps.ACTIONS).values()
                .stream().filter(action -> action.action().equals(described)).toList();
        assertEquals(1, actions.size(), actions::toString);
        assertEquals(epoch, actions.get(0).epoch());
        assertEquals(cluster.member(leader).getCluster().getLocalMember().getUuid(), actions.get(0).leader());

        // Nothing new since: the next request succeeds without writing anything.
        Http.Reply again = new Http(cluster.restUrl(leader)).post("/v1/snapshots?map=" + map, "");
        assertEquals(202, again.status(), again::toString);
        assertFalse(again.location().equals(accepted.location()));
        JsonNode nothing = awaitFinished(asked, again.location());
        assertEquals("succeeded", nothing.path("state").asText(), nothing::toString);
        assertTrue(nothing.path("result").path("summary").asText().startsWith("nothing to compact"), nothing::toString);
        assertFalse(nothing.path("result").has("snapshot"), nothing::toString);
        assertEquals(List.of(full), new SnapshotVerifier(snapshots.storage()).verifyLatest(map).orElseThrow()
                .manifests());
    }

    @Test
    void aFullSnapshotOfADamagedChainFailsNamingTheFile() {
        String map = "stats.damaged";
        snapshots.full(map, null, 0, 50, 1);
        SnapshotManifest delta = snapshots.delta(map, 0, 10, 2);
        snapshots.deleteFile(delta.files().get(0).path());

        Http.Reply accepted = new Http(cluster.restUrl(0)).post("/v1/snapshots?map=" + map, "");
        assertEquals(202, accepted.status(), accepted::toString);
        JsonNode failed = awaitFinished(1, accepted.location());
        assertEquals("failed", failed.path("state").asText(), failed::toString);
        assertTrue(failed.path("error").asText().contains(delta.files().get(0).path()), failed::toString);
        assertFalse(failed.has("result"), failed::toString);
        assertEquals(2, get(0, "/v1/snapshots?map=" + map).path("maps").get(0).path("snapshots").size(),
                "nothing was written");
    }

    @Test
    void anAttemptThatNeverFinishedIsRetriedThenGivenUp() {
        String map = "stats.orphaned";
        snapshots.full(map, null, 0, 50, 1);
        SnapshotManifest head = snapshots.delta(map, 0, 10, 2);
        // As a leader whose member died mid-attempt leaves them: RUNNING under an older epoch.
        Instant then = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        SnapshotOperation once = new SnapshotOperation(UUID.randomUUID().toString(), SnapshotOperation.FULL_SNAPSHOT,
                map, SnapshotOperation.State.RUNNING, then, "127.0.0.1:1", then, null, 0L, 1, 0, 0, null, null, null);
        SnapshotOperation thrice = new SnapshotOperation(UUID.randomUUID().toString(), SnapshotOperation.FULL_SNAPSHOT,
                map, SnapshotOperation.State.RUNNING, then, "127.0.0.1:1", then, null, 0L, 3, 0, 0, null, null, null);
        cluster.member(1).<String, SnapshotOperation>getMap(ControlMaps.OPERATIONS).set(thrice.id(), thrice);
        cluster.member(1).<String, SnapshotOperation>getMap(ControlMaps.OPERATIONS).set(once.id(), once);

        JsonNode retried = awaitFinished(0, "/v1/operations/" + once.id());
        assertEquals("succeeded", retried.path("state").asText(), retried::toString);
        assertEquals(2, retried.path("attempts").asInt());
        assertEquals(head.id() + 1, retried.path("result").path("snapshot").path("id").asLong(), retried::toString);
        JsonNode abandoned = awaitFinished(0, "/v1/operations/" + thrice.id());
        assertEquals("failed", abandoned.path("state").asText(), abandoned::toString);
        assertEquals(3, abandoned.path("attempts").asInt());
        assertTrue(abandoned.path("error").asText().contains("3 attempts"), abandoned::toString);
    }

    @Test
    void errorsAreProblems() {
        snapshots.delta("stats.errors", 0, 3, 1);
        Http http = new Http(cluster.restUrl(1));
        assertProblem(http.post("/v1/snapshots?map=unmatched.map", ""), 404, "unknown-map");
        assertProblem(http.post("/v1/snapshots?map=stats.never-written", ""), 409, "no-snapshots");
        assertProblem(http.post("/v1/snapshots?map=stats..x", ""), 400, "invalid-map-name");
        Http.Reply noMap = http.post("/v1/snapshots", "");
        assertEquals(400, noMap.status(), noMap::toString);
        assertTrue(noMap.contentType().startsWith("application/problem+json"), noMap::toString);
        assertProblem(http.get("/v1/operations/" + UUID.randomUUID()), 404, "unknown-operation");
        assertProblem(http.get("/v1/operations/not-an-id"), 404, "unknown-operation");
    }

    @Test
    void aMemberWithoutAMajorityRefusesOperationsButStillReadsTheStore(@TempDir Path ownRoot) {
        new TestSnapshots(ownRoot, 10).delta("stats.minority", 0, 3, 1);
        try (TestCluster minority = TestCluster.start(1, "--snapshots.root=" + ownRoot, "--cluster.expected-size=3")) {
            Http http = new Http(minority.restUrl(0));
            assertProblem(http.post("/v1/snapshots?map=stats.minority", ""), 503, "no-majority");
            assertProblem(http.get("/v1/operations/" + UUID.randomUUID()), 503, "no-majority");
            assertEquals(200, http.get("/v1/snapshots").status());
            assertTrue(http.post("/v1/snapshots/verify", "").json().path("ok").asBoolean());
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminEndpoints() {
        Http.Reply openapi = new Http(cluster.restUrl(0)).get("/openapi/snapgrid-v1.yml");
        assertEquals(200, openapi.status(), openapi::toString);
        for (String expected : List.of("/v1/snapshots:", "/v1/snapshots/verify:", "/v1/operations/{id}:",
                "operationId: listSnapshots", "operationId: startFullSnapshot", "'202':",
                "operationId: verifySnapshots", "operationId: getOperation")) {
            assertTrue(openapi.body().contains(expected), expected);
        }
    }

    private int awaitLeader() {
        await("one leader").until(() -> IntStream.range(0, cluster.size())
                .filter(i -> cluster.bean(i, ControlLeadership.class).validEpoch().isPresent()).count() == 1);
        return IntStream.range(0, cluster.size())
                .filter(i -> cluster.bean(i, ControlLeadership.class).validEpoch().isPresent()).findFirst().orElseThrow();
    }

    private JsonNode awaitFinished(int node, String location) {
        JsonNode[] last = new JsonNode[1];
        await("operation " + location + " finished").until(() -> {
            last[0] = get(node, location);
            return Set.of("succeeded", "failed").contains(last[0].path("state").asText());
        });
        return last[0];
    }

    /** Keys owned by the second member: the first member's feed hears of them only from the other member. */
    @Test
    void theFeedOfOneMemberCarriesTheChangesOfEveryMembersPartitions() {
        HazelcastInstance other = cluster.member(1);
        List<String> keys = IntStream.range(0, 100).mapToObj(i -> "feed-remote-" + i)
                .filter(key -> other.getPartitionService().getPartition(key).getOwner().localMember())
                .limit(3).toList();
        assertEquals(3, keys.size(), "the second member owns some of 100 keys");
        Http second = new Http(cluster.restUrl(1));
        try (EventStream changes = EventStream.open(cluster.restUrl(0) + ChangesRestTest.CHANGES)) {
            assertEquals("subscribed", changes.next().name());
            for (String key : keys) {
                assertEquals(201, second.put("/v1/maps/" + ChangesRestTest.MAP + "/entries/" + key,
                        Records.component("Memory", "x1000c0s0b0n0")).status());
            }
            assertEquals(204, second.delete("/v1/maps/" + ChangesRestTest.MAP + "/entries/" + keys.get(0)).status());
            List<String> heard = new ArrayList<>();
            while (heard.size() < 4) {
                EventStream.Received event = changes.next();
                if (event.key().startsWith("feed-remote-")) {
                    heard.add(event.name() + " " + event.key());
                }
            }
            // Changes of one key arrive in order; changes of different partitions may pass each other on the way.
            assertEquals(Set.of("put " + keys.get(0), "put " + keys.get(1), "put " + keys.get(2),
                    "remove " + keys.get(0)), Set.copyOf(heard), heard::toString);
            assertTrue(heard.indexOf("put " + keys.get(0)) < heard.indexOf("remove " + keys.get(0)), heard::toString);
        }
    }

    private JsonNode get(int node, String path) {
        Http.Reply reply = new Http(cluster.restUrl(node)).get(path);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private JsonNode post(int node, String path) {
        Http.Reply reply = new Http(cluster.restUrl(node)).post(path, "");
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    static void assertProblem(Http.Reply reply, int status, String kind) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply::toString);
        assertEquals("urn:snapgrid:problem:" + kind, reply.json().path("type").asText(), reply::toString);
    }
}
