package io.snapgrid.snapshot;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Restore would not load some maps: their snapshots failed verification and either fallback is not allowed or no
 * older full snapshot verifies. Names every map, file and problem at once, so an operator fixes all in one go.
 */
public class RestoreRefusedException extends IOException {

    private final Map<String, VerificationReport> reports;

    public RestoreRefusedException(Map<String, VerificationReport> reports, boolean fallbackAllowed) {
        super("restore refused: the snapshots of " + reports.size() + " map(s) failed verification"
                + (fallbackAllowed ? " and no older full snapshot of them verifies"
                : "; allowing fallback would restore an older valid snapshot where there is one, losing later changes")
                + reports.entrySet().stream().map(entry -> "\nmap " + entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining()));
        this.reports = Map.copyOf(reports);
    }

    /** Per map, what failed. */
    public Map<String, VerificationReport> reports() {
        return reports;
    }
}
