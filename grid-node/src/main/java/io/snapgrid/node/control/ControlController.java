package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Controller("/v1/control")
final class ControlController {

    private static final int HISTORY = 10;

    private final HazelcastInstance member;
    private final ControlLeadership leadership;

    ControlController(HazelcastInstance member, ControlLeadership leadership) {
        this.member = member;
        this.leadership = leadership;
    }

    @Operation(summary = "Who leads the control service, since when and at which epoch; each duty's last and next run;"
            + " the latest leadership changes")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.ADMIN)
    @Role(Roles.ADMIN)
    @Get
    Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("localMember", member.getCluster().getLocalMember().getUuid().toString());
        body.put("localLeading", leadership.validEpoch().isPresent());
        try {
            Leadership current = member.<String, Leadership>getMap(ControlMaps.LEADERSHIP).get(ControlMaps.LEADER_KEY);
            body.put("leader", current == null ? null : describe(current));
            List<Map<String, Object>> duties = new ArrayList<>();
            member.<String, DutyStatus>getMap(ControlMaps.DUTIES).values().stream()
                    .sorted(Comparator.comparing(DutyStatus::duty))
                    .forEach(status -> duties.add(describe(status)));
            body.put("duties", duties);
            IMap<Long, Leadership> history = member.getMap(ControlMaps.HISTORY);
            body.put("history", history.values().stream()
                    .sorted(Comparator.comparingLong(Leadership::epoch).reversed())
                    .limit(HISTORY).map(ControlController::describe).toList());
        } catch (RuntimeException e) {
            // A member without a majority in view cannot read control state, and says so rather than guess.
            body.put("leader", null);
            body.put("error", "control state unreadable here: " + e.getMessage());
        }
        return body;
    }

    private static Map<String, Object> describe(Leadership leadership) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", leadership.epoch());
        row.put("member", leadership.member().toString());
        row.put("address", leadership.address());
        row.put("since", Instant.ofEpochMilli(leadership.sinceMillis()).toString());
        return row;
    }

    private static Map<String, Object> describe(DutyStatus status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("duty", status.duty());
        row.put("epoch", status.epoch());
        row.put("runs", status.runs());
        row.put("lastStart", Instant.ofEpochMilli(status.lastStartMillis()).toString());
        row.put("lastEnd", Instant.ofEpochMilli(status.lastEndMillis()).toString());
        row.put("ok", status.ok());
        row.put("summary", status.summary());
        row.put("nextRun", Instant.ofEpochMilli(status.nextRunMillis()).toString());
        return row;
    }
}
