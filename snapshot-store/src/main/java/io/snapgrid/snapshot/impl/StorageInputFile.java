package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotStorage;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;

/** A Parquet {@link InputFile} reading a published file through {@link SnapshotStorage#open}. */
public final class StorageInputFile implements InputFile {

    private final SnapshotStorage storage;
    private final String path;
    private final long length;

    /** @param length the file's size, which Parquet needs to find the footer */
    public StorageInputFile(SnapshotStorage storage, String path, long length) {
        this.storage = storage;
        this.path = path;
        this.length = length;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        SeekableByteChannel channel = storage.open(path);
        // The channel's stream reads from the channel's position, so seeking is moving that position.
        return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
            @Override
            public long getPos() throws IOException {
                return channel.position();
            }

            @Override
            public void seek(long position) throws IOException {
                channel.position(position);
            }
        };
    }

    @Override
    public String toString() {
        return path;
    }
}
