package io.snapgrid.snapshot;

import io.snapgrid.snapshot.RestoreStatus.Amount;

/**
 * Turns the reader's position into {@link RestoreStatus} callbacks: at each map's start and end, and every so many
 * rows in between. Bytes within a file are prorated by rows, since Parquet does not say which bytes a row took.
 */
final class ProgressMeter {

    private final Amount total;
    private final RestoreProgress progress;
    private final long everyRows;

    private Amount doneBeforeMap = Amount.ZERO;
    private String map;
    private Amount mapTotal;
    private Amount filesDone;
    private SnapshotFile file;
    private long rowsSinceUpdate;

    ProgressMeter(Amount total, RestoreProgress progress, long everyRows) {
        this.total = total;
        this.progress = progress;
        this.everyRows = everyRows;
    }

    void startMap(String map, Amount mapTotal) {
        this.map = map;
        this.mapTotal = mapTotal;
        filesDone = Amount.ZERO;
        file = null;
        update(Amount.ZERO);
    }

    void scanned(SnapshotFile scanned, long rows) {
        // The reader passes the same instance for every row of a file.
        if (scanned != file) {
            if (file != null) {
                filesDone = filesDone.plus(new Amount(file.rowCount(), file.byteSize()));
            }
            file = scanned;
        }
        if (++rowsSinceUpdate >= everyRows) {
            update(filesDone.plus(new Amount(rows, file.byteSize() * rows / file.rowCount())));
        }
    }

    /** The reader may stop before the last files when they hold no live row; the map is done all the same. */
    void finishMap() {
        update(mapTotal);
        doneBeforeMap = doneBeforeMap.plus(mapTotal);
    }

    private void update(Amount mapDone) {
        rowsSinceUpdate = 0;
        progress.update(new RestoreStatus(map, mapDone, mapTotal, doneBeforeMap.plus(mapDone), total));
    }
}
