package io.snapgrid.snapshot.fs;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFileExistsException;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.impl.Fsync;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** A file written under a hidden temporary name until it is committed. */
final class FileSystemPendingFile implements PendingFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final String path;
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream buffered;
    private final OutputStream out;
    private boolean done;

    FileSystemPendingFile(String path, Path target, Path temp, FileChannel channel) {
        this.path = path;
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        // Writers such as Parquet close their stream when they finish; the file's fate is decided by commit or close.
        this.out = new FilterOutputStream(buffered) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                buffered.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                buffered.flush();
            }
        };
    }

    static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("pending file " + path + " was already committed or closed");
        }
        done = true;
        try {
            buffered.flush();
            channel.force(true);
            channel.close();
            Files.createLink(target, temp);
        } catch (IOException e) {
            discardAfter(e);
            throw e instanceof FileAlreadyExistsException
                    ? new SnapshotFileExistsException(path, target.toString())
                    : FileSystemSnapshotStorage.failure(path, "cannot publish", target, e);
        } catch (UnsupportedOperationException e) {
            IOException failure = new SnapshotStorageException(path, "cannot publish snapshot file " + path + " ("
                    + target + "): its filesystem has no hard links, which create-only publication needs", e);
            discardAfter(failure);
            throw failure;
        }
        try {
            Files.delete(temp);
            Fsync.directory(target.getParent());
        } catch (IOException e) {
            throw FileSystemSnapshotStorage.failure(path, "published but cannot make durable", target, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            discard();
        }
    }

    private void discard() throws IOException {
        channel.close();
        Files.deleteIfExists(temp);
    }

    private void discardAfter(IOException failure) {
        try {
            discard();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Makes a directory's entries (new, renamed or removed files) durable. */
}
