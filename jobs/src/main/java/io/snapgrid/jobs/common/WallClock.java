package io.snapgrid.jobs.common;

import java.io.Serializable;

/**
 * Where the jobs read wall-clock time: the ticks that close windows when no events arrive, ingestion timestamps
 * and dead-letter times. Serializable because pipeline functions capture it; tests swap in a clock they drive.
 */
@FunctionalInterface
public interface WallClock extends Serializable {

    long millis();

    static WallClock system() {
        return System::currentTimeMillis;
    }
}
