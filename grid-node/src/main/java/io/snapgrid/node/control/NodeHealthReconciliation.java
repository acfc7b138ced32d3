package io.snapgrid.node.control;

import io.snapgrid.node.config.ControlSettings;

/**
 * Flags inventory nodes whose heartbeats stopped: Warning past one limit, Alert past the other, and back to OK
 * when heartbeats return. Locked nodes are left alone, and so are nodes that never sent a heartbeat.
 */
final class NodeHealthReconciliation implements ControlDuty {

    static final String NAME = "node-health";

    private final ControlSettings settings;

    NodeHealthReconciliation(ControlSettings settings) {
        this.settings = settings;
    }

    @Override
    public String run(DutyRound round) {
        long now = System.currentTimeMillis();
        ReconcileNodeFlags action = new ReconcileNodeFlags(now - settings.nodeHealth().warningAfter().toMillis(),
                now - settings.nodeHealth().alertAfter().toMillis());
        return round.perform(action) + " node flags changed";
    }
}
