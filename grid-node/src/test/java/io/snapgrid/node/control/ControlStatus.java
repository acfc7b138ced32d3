package io.snapgrid.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.PackagedNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One node's answer to {@code GET /v1/control}, as a client outside the cluster sees it. */
public record ControlStatus(String localMember, boolean localLeading, Optional<Leader> leader, List<Duty> duties) {

    public record Leader(long epoch, String member, String address, long sinceMillis) {
    }

    public record Duty(String duty, long epoch, long runs, long lastStartMillis) {
    }

    public static ControlStatus of(PackagedNode node) {
        JsonNode body = node.http().get("/v1/control").json();
        JsonNode leader = body.path("leader");
        List<Duty> duties = new ArrayList<>();
        body.path("duties").forEach(duty -> duties.add(new Duty(duty.path("duty").asText(), duty.path("epoch").asLong(),
                duty.path("runs").asLong(), millis(duty.path("lastStart")))));
        return new ControlStatus(body.path("localMember").asText(), body.path("localLeading").asBoolean(),
                leader.isObject()
                        ? Optional.of(new Leader(leader.path("epoch").asLong(), leader.path("member").asText(),
                                leader.path("address").asText(), millis(leader.path("since"))))
                        : Optional.empty(),
                List.copyOf(duties));
    }

    /** Whether a duty round of {@code epoch} started at or after {@code millis}. */
    public boolean dutyRanUnder(long epoch, long millis) {
        return duties.stream().anyMatch(duty -> duty.epoch() == epoch && duty.lastStartMillis() >= millis);
    }

    private static long millis(JsonNode instant) {
        return Instant.parse(instant.asText()).toEpochMilli();
    }
}
