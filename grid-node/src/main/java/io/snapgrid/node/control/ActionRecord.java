package io.snapgrid.node.control;

import java.io.Serializable;
import java.util.UUID;

/** One accepted side effect, for the audit of who acted under which epoch and when. */
public record ActionRecord(long epoch, UUID leader, String action, long startedMillis, long finishedMillis)
        implements Serializable {
}
