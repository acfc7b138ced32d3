package io.snapgrid.cli;

/** What the CLI's exit status says happened (docs/operations.md#admin-cli). */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** The work ran and did not succeed: a snapshot operation failed, verification found problems. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The map, key or operation does not exist (404). */
    public static final int NOT_FOUND = 3;
    /** The node wants credentials, or refuses these (401, 403). */
    public static final int UNAUTHORIZED = 4;
    /** The node refused the request as it stands: invalid record, conflict, failed precondition (other 4xx). */
    public static final int REFUSED = 5;
    /** The node cannot be reached, or could not serve the request (5xx, for example no majority in view). */
    public static final int UNAVAILABLE = 6;

    private ExitCode() {
    }

    static int ofStatus(int status) {
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        return status >= 500 ? UNAVAILABLE : REFUSED;
    }
}
