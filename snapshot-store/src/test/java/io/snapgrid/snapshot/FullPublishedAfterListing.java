package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.SnapshotLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A storage on which another member's compaction publishes the map's next full snapshot right after this one's
 * first listing of the map's manifests returns: the interleaving that made a read of an evicted entry fail while the
 * leader compacted. Deterministic, so a planner that lists twice sees two different catalogs every time.
 */
final class FullPublishedAfterListing extends ForwardingStorage {

    private final SnapshotStorage delegate;
    private final String map;
    private boolean published;
    private SnapshotManifest full;

    FullPublishedAfterListing(SnapshotStorage delegate, String map) {
        super(delegate);
        this.delegate = delegate;
        this.map = map;
    }

    @Override
    public List<StoredFile> list(String prefix) throws IOException {
        List<StoredFile> listed = super.list(prefix);
        if (!published && prefix.equals(SnapshotLayout.manifestsPrefix(map))) {
            published = true;
            full = new SnapshotCompaction(delegate).compact(map)
                    .orElseThrow(() -> new UncheckedIOException(new IOException("nothing to compact in " + map)));
        }
        return listed;
    }

    /** The full snapshot published behind the reader's back. */
    SnapshotManifest published() {
        return full;
    }
}
