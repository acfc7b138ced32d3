package io.snapgrid.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A storage that remembers the order in which files were published. */
final class RecordingStorage implements SnapshotStorage {

    private final SnapshotStorage delegate;
    private final List<String> published = new CopyOnWriteArrayList<>();

    RecordingStorage(SnapshotStorage delegate) {
        this.delegate = delegate;
    }

    List<String> published() {
        return List.copyOf(published);
    }

    @Override
    public PendingFile create(String path) throws IOException {
        PendingFile pending = delegate.create(path);
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

    @Override
    public SeekableByteChannel open(String path) throws IOException {
        return delegate.open(path);
    }

    @Override
    public long size(String path) throws IOException {
        return delegate.size(path);
    }

    @Override
    public List<StoredFile> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }
}
