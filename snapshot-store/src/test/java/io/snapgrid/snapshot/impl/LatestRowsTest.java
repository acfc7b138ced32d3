package io.snapgrid.snapshot.impl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatestRowsTest {

    /** A row at a place (file, row) with what decides between rows of one key. */
    private record Row(long revision, long commitMillis, boolean delete, int file, long row) {
    }

    @Test
    void theWinnerIsTheSameInEveryOrderAndWithRepeats() {
        List<Row> rows = List.of(
                new Row(3, 100, false, 0, 0),
                new Row(5, 90, false, 1, 0),
                new Row(5, 120, false, 2, 0),
                new Row(5, 120, true, 3, 0),
                new Row(4, 500, true, 4, 0));
        for (List<Row> order : permutations(rows)) {
            LatestRows latest = new LatestRows();
            order.forEach(row -> offer(latest, row));
            order.forEach(row -> offer(latest, row));
            assertTrue(latest.isLatest("k", 3, 0), order.toString());
            latest.dropDeleted();
            assertEquals(0, latest.size());
        }
    }

    @Test
    void onACompleteTieTheRowSeenFirstStays() {
        LatestRows latest = new LatestRows();
        latest.offer("k", 7, 100, false, 0, 4);
        latest.offer("k", 7, 100, false, 1, 2);
        latest.offer("other", 1, 1, false, 1, 3);
        assertTrue(latest.isLatest("k", 0, 4));
        assertFalse(latest.isLatest("k", 1, 2));
        latest.dropDeleted();
        assertEquals(2, latest.size());
        assertTrue(latest.isLatest("other", 1, 3));
        assertFalse(latest.isLatest("absent", 0, 0));
    }

    private static void offer(LatestRows latest, Row row) {
        latest.offer("k", row.revision(), row.commitMillis(), row.delete(), row.file(), row.row());
    }

    private static List<List<Row>> permutations(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Row>> permutations = new ArrayList<>();
        for (int index = 0; index < rows.size(); index++) {
            List<Row> rest = new ArrayList<>(rows);
            Row first = rest.remove(index);
            for (List<Row> tail : permutations(rest)) {
                List<Row> permutation = new ArrayList<>(List.of(first));
                permutation.addAll(tail);
                permutations.add(permutation);
            }
        }
        return permutations;
    }
}
