package io.snapgrid.node.control;

/** Told when this member starts and stops leading. Called on the control thread; must not block. */
public interface LeadershipListener {

    void elected(Leadership leadership);

    void steppedDown(long epoch, String reason);
}
