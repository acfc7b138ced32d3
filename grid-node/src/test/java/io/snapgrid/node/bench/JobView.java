package io.snapgrid.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.node.testing.Http;

import java.io.UncheckedIOException;

/** A catalogue job, node-health unless named, as {@code GET /v1/jobs/<name>} shows it; unknown numbers are -1. */
record JobView(String status, long restarts, long processedEvents, long deadLetters, long lastSnapshotId) {

    static final JobView UNREADABLE = new JobView("UNREADABLE", -1, -1, -1, -1);

    /** Never throws: a node that cannot answer (it is dying, or the cluster is regrouping) gives {@link #UNREADABLE}. */
    static JobView read(Http node) {
        return read(node, JobCatalogue.NODE_HEALTH_JOB);
    }

    /** Another job of the catalogue, read the same way. */
    static JobView read(Http node, String name) {
        try {
            Http.Reply reply = node.get("/v1/jobs/" + name);
            if (reply.status() != 200) {
                return UNREADABLE;
            }
            JsonNode job = reply.json();
            return new JobView(job.path("status").isTextual() ? job.path("status").asText() : "UNREADABLE",
                    number(job, "restarts"), number(job, "processedEvents"), number(job, "deadLetters"),
                    number(job, "lastSnapshotId"));
        } catch (UncheckedIOException | IllegalStateException e) {
            return UNREADABLE;
        }
    }

    private static long number(JsonNode job, String field) {
        return job.path(field).isIntegralNumber() ? job.path(field).asLong() : -1;
    }

    boolean running() {
        return status.equals("RUNNING");
    }
}
