package io.snapgrid.snapshot;

import java.nio.file.Path;

/**
 * The commit log's queue is full: the disk does not keep up with the writers. Fails the append at once, so a caller
 * can push back (fail the put) instead of blocking a Hazelcast partition thread without bound.
 */
public class CommitLogFullException extends CommitLogException {

    public CommitLogFullException(Path directory, int queueCapacity) {
        super(directory, "commit log queue is full (" + queueCapacity + " appends waiting for fsync)", null);
    }
}
