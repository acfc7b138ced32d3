package io.snapgrid.node.control;

import java.io.Serializable;
import java.util.UUID;

/** Who leads, from which epoch on. Epochs only grow: a leader is always the holder of the newest one. */
public record Leadership(long epoch, UUID member, String address, long sinceMillis) implements Serializable {
}
