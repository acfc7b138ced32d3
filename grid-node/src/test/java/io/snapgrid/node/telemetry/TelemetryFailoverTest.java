package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 202 means every accepted event is on two members: the member that answered is crashed right after it answers,
 * and the survivor still holds every event. Re-sending the batch there then reports them all as duplicates.
 */
class TelemetryFailoverTest {

    @Test
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
            Http.Reply reply = new Http(cluster.restUrl(0)).post("/v1/telemetry", batch.toString());
            assertEquals(202, reply.status(), reply::toString);
            assertEquals(500, reply.json().path("accepted").asInt());
            cluster.crash(0);

            IMap<String, GenericRecord> survivor = cluster.member(1).getMap(TelemetryContract.EVENTS_MAP);
            assertEquals(500, survivor.size(), "every acknowledged event has a copy on the survivor");
            JsonNode again = new Http(cluster.restUrl(1)).post("/v1/telemetry", batch.toString()).json();
            assertEquals(0, again.path("accepted").asInt(), again::toString);
            assertEquals(500, again.path("duplicates").asInt());
        }
    }
}
