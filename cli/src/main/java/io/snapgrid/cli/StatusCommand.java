package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Members, control leader and epoch, safety, this node's readiness, jobs, and the age of each"
                + " map's newest snapshot.")
final class StatusCommand extends ApiCommand {

    @Override
    int run(RestClient client) {
        ObjectNode status = RestClient.JSON.createObjectNode();
        status.set("cluster", client.get("/v1/cluster"));
        status.set("control", client.get("/v1/control"));
        // Readiness answers 503 with its details while not ready: that is an answer here, not a failure.
        RestClient.Reply readiness = client.exchange("GET", "/health/readiness", null);
        status.set("readiness", readiness.body());
        status.set("jobs", client.get("/v1/jobs").path("jobs"));
        status.set("snapshots", client.get("/v1/snapshots").path("maps"));
        if (json()) {
            printJson(status);
            return ExitCode.OK;
        }
        print(status);
        return ExitCode.OK;
    }

    private void print(JsonNode status) {
        JsonNode cluster = status.path("cluster");
        JsonNode leader = status.path("control").path("leader");
        out().printf("cluster %s: %d member(s), state %s, %s%n", cluster.path("clusterName").asText(),
                cluster.path("members").size(), cluster.path("state").asText(),
                cluster.path("safe").asBoolean() ? "safe" : "NOT SAFE (backups out of sync)");
        out().printf("control leader: %s%n", leader.isObject()
                ? leader.path("address").asText() + " epoch " + leader.path("epoch").asLong() : "none");
        out().printf("this node: %s%n", status.path("readiness").path("status").asText("unknown"));
        out().println();
        Table members = new Table("MEMBER", "VERSION", "UUID");
        cluster.path("members").forEach(member -> members.row(member.path("address").asText()
                + (member.path("local").asBoolean() ? " (this)" : ""), member.path("version").asText(),
                member.path("uuid").asText()));
        members.print(out());
        out().println();
        Table jobs = new Table("JOB", "STATUS", "RESTARTS", "PROCESSED", "DEAD LETTERS", "LAST SNAPSHOT");
        status.path("jobs").forEach(job -> jobs.row(job.path("name").asText(), job.path("status").asText(),
                job.path("restarts").asLong(), number(job.path("processedEvents")), number(job.path("deadLetters")),
                age(job.path("lastSnapshotTime"))));
        jobs.print(out());
        out().println();
        Table snapshots = new Table("MAP", "SNAPSHOTS", "NEWEST");
        status.path("snapshots").forEach(map -> snapshots.row(map.path("map").asText(),
                map.path("snapshots").size(), age(map.path("snapshots").path(0).path("createdAt"))));
        snapshots.print(out());
    }

    private static Object number(JsonNode value) {
        return value.isNumber() ? value.asLong() : null;
    }

    /** "42s ago" from an ISO instant; null (printed as -) when there is none. */
    private static String age(JsonNode instant) {
        if (!instant.isTextual()) {
            return null;
        }
        Duration age = Duration.between(Instant.parse(instant.asText()), Instant.now());
        return age.toSeconds() < 120 ? age.toSeconds() + "s ago" : age.toMinutes() + "m ago";
    }
}
