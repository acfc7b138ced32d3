package io.snapgrid.snapshot.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability of directory entries, which fsync of a file does not cover. */
public final class Fsync {

    private Fsync() {
    }

    /** Makes creations, renames and deletions in the directory durable. */
    public static void directory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
