package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.node.testing.TestSnapshots;
import io.snapgrid.snapshot.RetentionPolicy;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotRetention;
import io.snapgrid.snapshot.StoredFile;
import io.snapgrid.snapshot.history.HistoryVersion;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History over REST on real members: a strong and a weak key written across commit-log rolls, weak flushes, a full
 * snapshot and a whole-cluster restart list every version once, in order, on every member, including a strong key's
 * acknowledged versions still only in its owner's commit log; as-of reads and listings answer the record as it was; SQL over history answers one SELECT and refuses everything else, changing nothing; a time
 * before what is retained is refused naming the oldest retained time.
 */
@Tag("cluster")
class HistoryRestTest {

    private static final String STRONG = "inventory.nodes";
    private static final String WEAK = "stats.test";
    private static final String KEY = "x1000c0s0b0n0";

    @TempDir
    Path root;

    @Test
    void everyVersionOnceAcrossRollsFlushesACompactionAndARestart() throws IOException {
        List<String> all = new ArrayList<>(List.of(DurableTesting.nodeClass("stats-test", WEAK, "weak",
                DurableTesting.nodeSchemaFile(root), "snapshot-interval=1s")));
        // The test rolls the logs itself, so that versions stay in a commit log alone until it does.
        all.add("--snapshots.commit-log.roll-interval=1h");
        // Without it, the full snapshot would let retention drop the deltas it folded in, and the first version.
        all.add("--snapshots.history.retain=90d");
        // The node records carry no heartbeats; node-health flagging them would add versions of its own.
        all.addAll(List.of("--control.node-health.warning-after=1h", "--control.node-health.alert-after=2h"));
        String[] options = all.toArray(String[]::new);
        try (TestCluster first = TestCluster.start(2, root, List.of(), options)) {
            first.awaitReady();
            Http http = new Http(first.restUrl(0));
            Http other = new Http(first.restUrl(1));
            write(http, "Off", 1);
            write(http, "On", 2);
            assertEquals(List.of(), fileVersions(), "no roll yet: both versions are in the owner's commit log alone");
            // One of the two members does not own the key, so its answer comes from the other's log.
            assertEquals(List.of("Off", "On"), states(other.get(history(STRONG, KEY)).json().path("versions")));
            Instant on = Instant.parse(other.get(history(STRONG, KEY)).json().path("versions").get(1)
                    .path("committedAt").asText());
            assertEquals("Off", other.get("/v1/maps/" + STRONG + "/entries/" + KEY + "?asOf=" + on.minusMillis(1))
                    .json().path("state").asText());
            rollLogs(first);
            assertEquals(2, fileVersions().size(), "rolled: both versions are in a delta now");
            fullSnapshot(http);
            write(http, "Ready", 3);
            assertEquals(204, http.delete("/v1/maps/" + STRONG + "/entries/" + KEY).status());
            for (Http member : List.of(http, other)) {
                // Two versions in a delta and the full folded from it, two in a commit log: each once, in order.
                assertEquals(List.of("Off", "On", "Ready", ""), states(member.get(history(STRONG, KEY)).json()
                        .path("versions")));
            }
            rollLogs(first);
            assertEquals(4, fileVersions().size(), "rolled again: every version is in a snapshot file now");
            assertEquals(List.of("Off", "On", "Ready", ""), states(other.get(history(STRONG, KEY)).json()
                    .path("versions")));
            IMap<String, GenericRecord> weak = first.client().getMap(WEAK);
            for (String state : List.of("Off", "On", "Halt")) {
                weak.put("k1", DurableTesting.NODE.toCompact(DurableTesting.json(Records.node("w1", state))));
                int written = List.of("Off", "On", "Halt").indexOf(state) + 1;
                awaitVersions(http, WEAK, "k1", written);
            }
        }
        try (TestCluster second = TestCluster.start(2, root, List.of(), options)) {
            second.awaitReady();
            Http http = new Http(second.restUrl(1));
            write(http, "Standby", 5);

            JsonNode versions = http.get(history(STRONG, KEY)).json().path("versions");
            assertEquals(List.of("upsert", "upsert", "upsert", "delete", "upsert"), field(versions, "op"),
                    versions::toString);
            assertEquals(List.of("Off", "On", "Ready", "", "Standby"), states(versions));
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(versions.get(i).path("revision").asLong() > versions.get(i - 1).path("revision").asLong());
                assertTrue(!Instant.parse(versions.get(i).path("committedAt").asText())
                        .isBefore(Instant.parse(versions.get(i - 1).path("committedAt").asText())));
            }
            assertEquals(List.of("Off", "On", "Halt"), states(http.get(history(WEAK, "k1")).json().path("versions")));

            Instant secondWrite = Instant.parse(versions.get(1).path("committedAt").asText());
            Http.Reply older = http.get("/v1/maps/" + STRONG + "/entries/" + KEY + "?asOf=" + secondWrite.minusMillis(1));
            assertEquals(200, older.status(), older.toString());
            assertEquals("Off", older.json().path("state").asText());
            Instant deleted = Instant.parse(versions.get(3).path("committedAt").asText());
            assertEquals(404, http.get("/v1/maps/" + STRONG + "/entries/" + KEY + "?asOf=" + deleted).status());
            Instant ready = Instant.parse(versions.get(2).path("committedAt").asText());
            JsonNode listed = http.get("/v1/maps/" + STRONG + "/entries?asOf=" + ready + "&where="
                    + Http.query("state = 'Ready'")).json();
            assertEquals(KEY, listed.path("items").get(0).path("key").asText(), listed.toString());
            JsonNode paged = http.get(history(STRONG, KEY) + "?limit=2").json();
            assertEquals(2, paged.path("versions").size());
            assertEquals(List.of("Ready", "", "Standby"), states(http.get(history(STRONG, KEY) + "?cursor="
                    + paged.path("nextCursor").asText()).json().path("versions")));

            rollLogs(second); // SQL reads the files alone
            sqlAnswersOneSelectAndRefusesTheRest(http);
            olderThanRetainedIsRefused(http);
        }
    }

    private void sqlAnswersOneSelectAndRefusesTheRest(Http http) throws IOException {
        JsonNode counted = sql(http, "SELECT count(*) AS versions FROM \"inventory.nodes\" WHERE _key = '" + KEY + "'");
        assertEquals(5, counted.path("rows").get(0).get(0).asInt(), counted.toString());
        JsonNode asOf = sql(http, "SELECT value.state FROM \"inventory.nodes@asof\"(now()) WHERE _key = '" + KEY + "'");
        assertEquals("Standby", asOf.path("rows").get(0).get(0).asText(), asOf.toString());

        List<StoredFile> before = new TestSnapshots(root, 1).storage().list("");
        for (String refused : List.of("COPY (SELECT 1) TO '" + root + "/x.csv'", "ATTACH '" + root + "/x.db'",
                "INSERT INTO \"inventory.nodes\" VALUES (1)", "SELECT 1; SELECT 2", "PRAGMA version",
                "CREATE TABLE t AS SELECT 1", "SET enable_external_access = true")) {
            Http.Reply reply = http.post("/v1/history/sql", Http.JSON.createObjectNode().put("sql", refused).toString());
            assertEquals(400, reply.status(), refused + ": " + reply);
            assertEquals("sql-not-read-only", type(reply), refused + ": " + reply);
        }
        Http.Reply outside = http.post("/v1/history/sql",
                Http.JSON.createObjectNode().put("sql", "SELECT * FROM read_text('/etc/hostname')").toString());
        assertEquals(400, outside.status(), outside.toString());
        assertEquals(before, new TestSnapshots(root, 1).storage().list(""), "nothing changed");
    }

    /** A map whose snapshot 1 retention removed: history starts at its oldest full, and earlier is refused. */
    private void olderThanRetainedIsRefused(Http http) throws IOException {
        String map = "inventory.nodes-retired";
        TestSnapshots snapshots = new TestSnapshots(root, 10);
        snapshots.full(map, null, 0, 10, 1);
        snapshots.delta(map, 0, 5, 2);
        SnapshotManifest kept = snapshots.full(map, 2L, 0, 10, 3);
        new SnapshotRetention(snapshots.storage(), new RetentionPolicy(1, Duration.ZERO)).apply(map);
        Http.Reply refused = http.get("/v1/maps/" + map + "/entries?asOf=" + kept.createdAt().minusSeconds(1));
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("history-not-retained", type(refused));
        assertEquals(kept.createdAt().toString(), refused.json().path("oldestRetained").asText());
        assertEquals(200, http.get("/v1/maps/" + map + "/entries?asOf=" + kept.createdAt()).status());
    }

    /** An acknowledged strong write is history at once, on whichever member REST lands, rolled or not. */
    private static void write(Http http, String state, int version) {
        Http.Reply put = http.put("/v1/maps/" + STRONG + "/entries/" + KEY, Records.node("n0", state));
        assertTrue(put.status() == 200 || put.status() == 201, put.toString());
        JsonNode versions = http.get(history(STRONG, KEY)).json().path("versions");
        assertEquals(version, versions.size(), versions::toString);
        assertEquals(state, versions.get(version - 1).path("value").path("state").asText(), versions::toString);
    }

    /** The strong key's versions in the snapshot files alone. */
    private List<HistoryVersion> fileVersions() throws IOException {
        return new io.snapgrid.snapshot.history.SnapshotHistory(new TestSnapshots(root, 1).storage())
                .versions(STRONG, KEY, null, null);
    }

    private static void rollLogs(TestCluster cluster) {
        IntStream.range(0, cluster.size()).forEach(i -> cluster.bean(i, SnapshotMapStores.class).rollLog());
    }

    /** Waits until a flush has written the key's newest version to a snapshot file. */
    private static void awaitVersions(Http http, String map, String key, int count) {
        await(count + " versions of " + key + " in " + map).until(() ->
                http.get(history(map, key)).json().path("versions").size() >= count);
    }

    private static void fullSnapshot(Http http) {
        Http.Reply asked = http.post("/v1/snapshots?map=" + STRONG, "");
        assertEquals(202, asked.status(), asked.toString());
        await("the full snapshot asked for").until(() ->
                http.get(asked.location()).json().path("state").asText().equals("succeeded"));
    }

    private static JsonNode sql(Http http, String sql) {
        Http.Reply reply = http.post("/v1/history/sql", Http.JSON.createObjectNode().put("sql", sql).toString());
        assertEquals(200, reply.status(), sql + ": " + reply);
        return reply.json();
    }

    private static String history(String map, String key) {
        return "/v1/maps/" + map + "/entries/" + key + "/history";
    }

    private static String type(Http.Reply reply) {
        String type = reply.json().path("type").asText();
        return type.substring(type.lastIndexOf(':') + 1);
    }

    private static List<String> field(JsonNode versions, String name) {
        List<String> values = new ArrayList<>();
        versions.forEach(version -> values.add(version.path(name).asText()));
        return values;
    }

    private static List<String> states(JsonNode versions) {
        List<String> states = new ArrayList<>();
        versions.forEach(version -> states.add(version.path("value").path("state").asText()));
        return states;
    }
}
