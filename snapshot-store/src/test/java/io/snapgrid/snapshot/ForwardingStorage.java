package io.snapgrid.snapshot;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/** A storage that passes every call on, for tests to override the one they interfere with. */
public class ForwardingStorage implements SnapshotStorage {

    private final SnapshotStorage delegate;

    public ForwardingStorage(SnapshotStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public PendingFile create(String path) throws IOException {
        return delegate.create(path);
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
