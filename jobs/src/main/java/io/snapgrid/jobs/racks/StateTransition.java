package io.snapgrid.jobs.racks;

import io.snapgrid.jobs.common.Json;
import io.snapgrid.jobs.common.JournalItem;

/** A node entered {@code toState} from {@code fromState}. */
public record StateTransition(String xname, String rack, String fromState, String toState) implements JournalItem {

    String toJson() {
        return Json.object("xname", xname, "from", fromState, "to", toState);
    }
}
