package io.snapgrid.snapshot;

import java.io.IOException;

/** Snapshots failed verification and must not be restored; the report names every file at fault. */
public class SnapshotVerificationException extends IOException {

    private final VerificationReport report;

    public SnapshotVerificationException(String map, VerificationReport report) {
        super("snapshots of map " + map + " failed verification: " + report);
        this.report = report;
    }

    public VerificationReport report() {
        return report;
    }
}
