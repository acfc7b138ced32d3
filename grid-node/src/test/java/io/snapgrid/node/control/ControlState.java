package io.snapgrid.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;

import java.util.List;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/** What the control tests read: who may act right now (inside each node) and what /v1/control reports. */
final class ControlState {

    private ControlState() {
    }

    /** The nodes whose leadership holds a valid epoch at this instant. */
    static List<Integer> leading(TestCluster cluster) {
        return IntStream.range(0, cluster.size())
                .filter(i -> cluster.bean(i, ControlLeadership.class).validEpoch().isPresent())
                .boxed().toList();
    }

    static int awaitSingleLeader(TestCluster cluster) {
        await("exactly one node leads").until(() -> leading(cluster).size() == 1);
        return leading(cluster).get(0);
    }

    static long epoch(TestCluster cluster, int index) {
        return cluster.bean(index, ControlLeadership.class).validEpoch().orElseThrow();
    }

    static JsonNode status(TestCluster cluster, int index) {
        Http.Reply reply = new Http(cluster.restUrl(index)).get("/v1/control");
        if (reply.status() != 200) {
            throw new AssertionError("/v1/control of node " + index + ": " + reply);
        }
        return reply.json();
    }

    /** The row of one duty in the status report, or a missing node until the duty has run once. */
    static JsonNode duty(TestCluster cluster, int index, String name) {
        for (JsonNode duty : status(cluster, index).path("duties")) {
            if (duty.path("duty").asText().equals(name)) {
                return duty;
            }
        }
        return MissingNode.getInstance();
    }
}
