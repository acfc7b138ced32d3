package io.snapgrid.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A storage that remembers the order in which files were published. */
final class RecordingStorage extends ForwardingStorage {

    private final List<String> published = new CopyOnWriteArrayList<>();

    RecordingStorage(SnapshotStorage delegate) {
        super(delegate);
    }

    List<String> published() {
        return List.copyOf(published);
    }

    @Override
    public PendingFile create(String path) throws IOException {
        PendingFile pending = super.create(path);
        return new PendingFile() {
            @Override
            public String path() {
                return pending.path();
            }

            @Override
            public OutputStream out() {
                return pending.out();
            }

            @Override
            public void commit() throws IOException {
                pending.commit();
                published.add(path);
            }

            @Override
            public void close() throws IOException {
                pending.close();
            }
        };
    }
}
