package io.snapgrid.snapshot;

import io.snapgrid.snapshot.VerificationProblem.Kind;
import io.snapgrid.snapshot.history.HistoryVersion;
import io.snapgrid.snapshot.history.SnapshotHistory;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import io.snapgrid.snapshot.s3.S3SnapshotStorage;
import io.snapgrid.snapshot.s3.S3Tuning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Snapshots written to, verified in and restored from S3 (s3proxy), the storage built as a node would build it:
 * credentials from the SDK's default chain, here its {@code aws.accessKeyId}/{@code aws.secretAccessKey} system
 * properties.
 */
class S3SnapshotsTest {

    private static final String MAP = "inventory.nodes";
    private static final String BUCKET = "snapshots";

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer(BUCKET);

    private final NodeRows nodes = new NodeRows(300);
    private S3SnapshotStorage storage;

    @BeforeAll
    static void setCredentials() {
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void openStorage() throws IOException {
        storage = new S3SnapshotStorage(server.freshLocation(), S3Tuning.defaults());
        storage.checkAccess();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    /** A key's history from objects, asked twice: the second time with the files' footers and page indexes kept. */
    @Test
    void aKeysHistoryIsReadFromObjects() throws IOException {
        NodeRows.commit(storage, MAP, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(150, 250, 2, "Halt"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.deletes(150, 160, 3));
        SnapshotHistory history = new SnapshotHistory(storage);
        for (int round = 0; round < 2; round++) {
            assertEquals(List.of(1L, 2L, 3L), history.versions(MAP, nodes.key(155), null, null).stream()
                    .map(HistoryVersion::revision).toList());
            assertEquals(List.of(2L), history.versions(MAP, nodes.key(220), null, null).stream()
                    .map(HistoryVersion::revision).toList());
        }
    }

    @Test
    void aRestoreLoadsTheMergedRowsTheWriterPublished() throws IOException {
        NodeRows.commit(storage, MAP, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(150, 250, 2, "Halt"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.deletes(0, 20, 3));
        Map<String, SnapshotRow> loaded = new TreeMap<>();
        SnapshotRestore restore = new SnapshotRestore(storage);

        List<RestoredMap> restored = restore.restore(restore.plan(List.of(MAP)),
                (map, rows) -> rows.forEach(row -> loaded.put(row.key(), row)), RestoreProgress.NONE);

        assertEquals(230, restored.get(0).entries());
        assertEquals(230, loaded.size());
        assertFalse(loaded.containsKey(nodes.key(5)), "deleted by the last delta");
        assertEquals(1, loaded.get(nodes.key(100)).revision());
        assertEquals(2, loaded.get(nodes.key(200)).revision());
    }

    @Test
    void anObjectReplacedBehindTheStoresBackIsAChecksumMismatch() throws IOException {
        SnapshotFile file = NodeRows.commit(storage, MAP, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"))
                .files().get(0);
        String key = storage.location().keyPrefix() + file.path();
        byte[] damaged = server.raw().getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asByteArray();
        damaged[damaged.length / 2] ^= 1;
        server.raw().putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromBytes(damaged));

        SnapshotVerificationException e = assertThrows(SnapshotVerificationException.class,
                () -> new SnapshotVerifier(storage).verifyLatest(MAP));

        assertEquals(List.of(file.path() + " " + Kind.CHECKSUM_MISMATCH), e.report().problems().stream()
                .map(problem -> problem.path() + " " + problem.kind()).toList());
    }
}
