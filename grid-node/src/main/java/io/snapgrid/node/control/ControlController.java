package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.rest.api.ControlStatus;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

@Controller("/v1/control")
final class ControlController {

    private static final int HISTORY = 10;

    private final HazelcastInstance member;
    private final ControlLeadership leadership;

    ControlController(HazelcastInstance member, ControlLeadership leadership) {
        this.member = member;
        this.leadership = leadership;
    }

    @Operation(operationId = "getControlStatus", summary = "Who leads the control service, since when and at which"
            + " epoch; each duty's last and next run; the latest leadership changes")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.ADMIN)
    @Role(Roles.ADMIN)
    @Get
    ControlStatus status() {
        String local = member.getCluster().getLocalMember().getUuid().toString();
        boolean leading = leadership.validEpoch().isPresent();
        try {
            Leadership current = member.<String, Leadership>getMap(ControlMaps.LEADERSHIP).get(ControlMaps.LEADER_KEY);
            List<ControlStatus.ControlDuty> duties = member.<String, DutyStatus>getMap(ControlMaps.DUTIES).values()
                    .stream().sorted(Comparator.comparing(DutyStatus::duty)).map(ControlController::describe).toList();
            IMap<Long, Leadership> history = member.getMap(ControlMaps.HISTORY);
            return new ControlStatus(local, leading, current == null ? null : describe(current), duties,
                    history.values().stream().sorted(Comparator.comparingLong(Leadership::epoch).reversed())
                            .limit(HISTORY).map(ControlController::describe).toList(), null);
        } catch (RuntimeException e) {
            // A member without a majority in view cannot read control state, and says so rather than guess.
            return new ControlStatus(local, leading, null, null, null, "control state unreadable here: " + e.getMessage());
        }
    }

    private static ControlStatus.ControlLeader describe(Leadership leadership) {
        return new ControlStatus.ControlLeader(leadership.epoch(), leadership.member().toString(), leadership.address(),
                Instant.ofEpochMilli(leadership.sinceMillis()).toString());
    }

    private static ControlStatus.ControlDuty describe(DutyStatus status) {
        return new ControlStatus.ControlDuty(status.duty(), status.epoch(), status.runs(),
                Instant.ofEpochMilli(status.lastStartMillis()).toString(),
                Instant.ofEpochMilli(status.lastEndMillis()).toString(), status.ok(), status.summary(),
                Instant.ofEpochMilli(status.nextRunMillis()).toString());
    }
}
