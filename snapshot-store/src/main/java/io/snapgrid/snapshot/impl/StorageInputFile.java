package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotStorage;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
        // Parquet reads page headers and column and offset indexes through Thrift, a few bytes a read;
        // unbuffered, each was a read of the channel, which made a one-key lookup cost more than its pages did.
        SeekableBuffer buffered = new SeekableBuffer(Channels.newInputStream(channel));
        return new DelegatingSeekableInputStream(buffered) {
            @Override
            public long getPos() throws IOException {
                return channel.position() - buffered.buffered();
            }

            @Override
            public void seek(long position) throws IOException {
                buffered.discard();
                channel.position(position);
            }
        };
    }

    /** A buffer whose contents a seek throws away; reads as large as the buffer bypass it. */
    private static final class SeekableBuffer extends BufferedInputStream {

        private static final int BUFFER_BYTES = 8 * 1024;

        SeekableBuffer(InputStream in) {
            super(in, BUFFER_BYTES);
        }

        synchronized int buffered() {
            return count - pos;
        }

        synchronized void discard() {
            count = 0;
            pos = 0;
            markpos = -1;
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
