package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 202 means every accepted event is on two members: the member that answered is crashed right after it answers,
 * and the survivor still holds every event. The batch is sent as soon as the two members form a cluster, while
 * partitions are still being given their backups: ingest answers 503 (nothing written) until every event's
 * partition has a backup replica, and the client re-sends as told. Re-sending it to the survivor afterwards
 * reports every event as a duplicate.
 */
class TelemetryFailoverTest {

    @Test
    @Tag("cluster")
    void acceptedEventsSurviveTheCrashOfTheMemberThatAcceptedThem() {
        try (TestCluster cluster = TestCluster.start(2)) {
            ArrayNode batch = Http.JSON.createArrayNode();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 500; i++) {
                ObjectNode event = batch.addObject();
                event.put("id", "failover-" + i);
                event.put("xname", "x1100c" + i % 8 + "s" + i % 16 + "b0n" + i % 2);
                event.put("kind", "power");
                event.put("value", i % 2);
                event.put("eventTime", now - i);
            }
            Http ingest = new Http(cluster.restUrl(0));
            AtomicReference<Http.Reply> reply = new AtomicReference<>();
            await("the batch is accepted").until(() -> {
                reply.set(ingest.post("/v1/telemetry", batch.toString()));
                if (reply.get().status() == 503) {
                    assertEquals("urn:snapgrid:problem:ingest-unavailable", reply.get().json().path("type").asText());
                    return false;
                }
                return true;
            });
            assertEquals(202, reply.get().status(), reply.get()::toString);
            assertEquals(500, reply.get().json().path("accepted").asInt(), "a 503 writes nothing");
            cluster.crash(0);

            IMap<String, GenericRecord> survivor = cluster.member(1).getMap(TelemetryContract.EVENTS_MAP);
            assertEquals(500, survivor.size(), "every acknowledged event has a copy on the survivor");
            JsonNode again = new Http(cluster.restUrl(1)).post("/v1/telemetry", batch.toString()).json();
            assertEquals(0, again.path("accepted").asInt(), again::toString);
            assertEquals(500, again.path("duplicates").asInt());
        }
    }

    @Test
    void aMemberMeantToHavePeersRefusesWhileItHasNoBackupReplicasAndWritesNothing() {
        try (TestCluster cluster = TestCluster.start(1, "--cluster.expected-size=2")) {
            Http.Reply reply = new Http(cluster.restUrl(0)).post("/v1/telemetry", """
                    [{"id": "alone-1", "xname": "x1101c0s0b0n0", "kind": "heartbeat", "eventTime": "2025-01-31T12:00:00Z"},
                     {"id": "alone-2", "xname": "x1101c0s0b0n0", "kind": "volume", "eventTime": "2025-01-31T12:00:00Z"}]
                    """);
            assertProblem(reply, 503, "ingest-unavailable");
            assertEquals(1, reply.json().path("failed").asInt(), reply::toString);
            assertEquals(0, cluster.member(0).getMap(TelemetryContract.EVENTS_MAP).size(), "nothing is written");
        }
    }
}
