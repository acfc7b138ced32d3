package io.snapgrid.snapshot.fs;

import io.snapgrid.snapshot.SnapshotFileExistsException;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.impl.BufferedPendingFile;
import io.snapgrid.snapshot.impl.Fsync;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** A file written under a hidden temporary name until it is committed. */
final class FileSystemPendingFile extends BufferedPendingFile {

    private final Path target;
    private final Path temp;
    private final FileChannel channel;

    FileSystemPendingFile(String path, Path target, Path temp, FileChannel channel) {
        super(path, Channels.newOutputStream(channel));
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    @Override
    protected void publish() throws IOException {
        String path = path();
        try {
            flushBuffer();
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
    protected void discard() throws IOException {
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
}
