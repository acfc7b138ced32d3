package io.snapgrid.snapshot;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Reads over snapshot files that the leader's compaction and retention may delete while the read is under way: they
 * do not wait for readers. A read that finds a listed file gone lists the snapshots again and reads what is there
 * now, a few times over; a store that is really damaged fails the same way each time, and that failure is thrown.
 */
public final class VanishingFiles {

    /** Reads of one request, the first included, before files that keep vanishing are reported. */
    public static final int ATTEMPTS = 3;

    private VanishingFiles() {
    }

    /** A read that lists the snapshots it needs anew each time it runs. */
    @FunctionalInterface
    public interface Read<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code read}, and again while it fails in a way {@code gone} says comes from files deleted under it, up to
     * {@link #ATTEMPTS} runs in all.
     */
    public static <T> T readAgain(Read<T> read, Predicate<IOException> gone) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (IOException e) {
                if (attempt == ATTEMPTS || !gone.test(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether the failure, or one of its causes, is a listed snapshot file that is not there. */
    public static boolean fileGone(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SnapshotFileNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
