package io.snapgrid.node.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The leader flags inventory nodes from their last heartbeat, and unflags them when heartbeats return. */
@Tag("cluster")
class NodeHealthReconciliationTest {

    private static final String NODES = "/v1/maps/inventory.nodes/entries/";

    static TestCluster cluster;
    static Http http;

    @BeforeAll
    static void start() {
        // Limits far from the ages used below, so a slow machine cannot move a node across one mid-test.
        cluster = TestCluster.start(3, "--cluster.expected-size=3", "--control.node-health.interval=1s",
                "--control.node-health.warning-after=1m", "--control.node-health.alert-after=10m");
        http = new Http(cluster.restUrl(1));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void flagsFollowHeartbeats() {
        Instant now = Instant.now();
        put("x1000c0s0b0n0", "OK", now);
        put("x1000c0s0b0n1", "OK", now.minus(Duration.ofMinutes(5)));
        put("x1000c0s0b0n2", "OK", now.minus(Duration.ofHours(1)));
        put("x1000c0s0b0n3", "Locked", now.minus(Duration.ofHours(1)));
        put("x1000c0s0b0n4", "Warning", null);

        await("stale nodes flagged").until(() -> flag("x1000c0s0b0n1").equals("Warning")
                && flag("x1000c0s0b0n2").equals("Alert"));
        Instant flagged = Instant.now();
        // A round that started after the flags appeared has seen every node, the untouched ones included.
        await("a later reconciliation round").until(() -> lastRoundStart().isAfter(flagged));
        assertEquals("OK", flag("x1000c0s0b0n0"), "heartbeat is recent");
        assertEquals("Locked", flag("x1000c0s0b0n3"), "locked nodes are left alone");
        assertEquals("Warning", flag("x1000c0s0b0n4"), "nodes that never sent a heartbeat are left alone");

        put("x1000c0s0b0n2", "Alert", Instant.now());
        await("the node whose heartbeats returned is OK again").until(() -> flag("x1000c0s0b0n2").equals("OK"));
    }

    private static void put(String xname, String flag, Instant lastHeartbeat) {
        ObjectNode node = parse(Records.node("nid-" + xname, "Ready"));
        node.put("flag", flag);
        if (lastHeartbeat == null) {
            node.putNull("lastHeartbeat");
        } else {
            node.put("lastHeartbeat", lastHeartbeat.toEpochMilli());
        }
        Http.Reply reply = http.put(NODES + xname, node.toString());
        if (reply.status() != 200 && reply.status() != 201) {
            throw new AssertionError("PUT " + xname + ": " + reply);
        }
    }

    private static String flag(String xname) {
        return http.get(NODES + xname).json().path("flag").asText();
    }

    private static Instant lastRoundStart() {
        return Instant.parse(ControlState.duty(cluster, 0, NodeHealthReconciliation.NAME).path("lastStart").asText());
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
