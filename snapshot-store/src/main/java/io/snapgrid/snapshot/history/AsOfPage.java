package io.snapgrid.snapshot.history;

import io.snapgrid.snapshot.SnapshotRow;

import java.util.List;
import java.util.Optional;

/**
 * A page of a map as it was at a time: live entries in key order, each the version current then.
 *
 * @param nextAfter the last key of this page when more entries follow; pass it back to read on
 */
public record AsOfPage(List<SnapshotRow> entries, Optional<String> nextAfter) {

    public AsOfPage {
        entries = List.copyOf(entries);
    }
}
