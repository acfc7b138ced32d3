package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.cluster.Member;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.mapstore.RecordBytes;
import jakarta.inject.Singleton;
import org.apache.avro.Schema;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A strong map's changes of one key that no snapshot file holds yet: each member appends the writes of the
 * partitions it owns to its own commit log, and a key's rows stay in the log of whichever member owned it when it
 * was written until that member rolls the log (every {@code snapshots.commit-log.roll-interval}), so every member
 * is asked, not only the key's owner. Backups never write to a log. A member that leaves during the question is
 * skipped: it rolled its log as it left, or its log waits for the next process to open the log root.
 */
@Singleton
public final class CommitLogTails {

    /** Hazelcast's executor of this name runs the questions; its default configuration suffices. */
    static final String EXECUTOR = "snapgrid-history";

    private final HazelcastInstance member;

    CommitLogTails(HazelcastInstance member) {
        this.member = member;
    }

    /**
     * The key's rows in every member's commit log, values in {@code schema} (every member registers a map with the
     * same schema, that of its storage class).
     */
    public List<SnapshotRow> rowsOf(String map, Schema schema, String key) {
        Map<Member, Future<List<LoggedKeyRows.Row>>> answers = member.getExecutorService(EXECUTOR)
                .submitToAllMembers(new LoggedKeyRows(map, key));
        RecordBytes values = new RecordBytes(schema);
        List<SnapshotRow> rows = new ArrayList<>();
        for (Map.Entry<Member, Future<List<LoggedKeyRows.Row>>> answer : answers.entrySet()) {
            try {
                answer.getValue().get().forEach(row -> rows.add(row.toRow(key, values)));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof MemberLeftException)) {
                    throw new IllegalStateException("member " + answer.getKey().getAddress() + " could not read"
                            + " its commit log for key " + key + " of map " + map + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking members for their commit-log rows", e);
            }
        }
        return rows;
    }
}
