package io.snapgrid.snapshot;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of verifying snapshots: every problem found, each naming its file; none means all is well. */
public record VerificationReport(List<VerificationProblem> problems) {

    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return ok() ? "no problems" : problems.stream().map(VerificationProblem::toString)
                .collect(Collectors.joining("\n  ", problems.size() + " problem(s):\n  ", ""));
    }
}
