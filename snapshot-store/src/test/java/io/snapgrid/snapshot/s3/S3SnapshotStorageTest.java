package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.tck.SnapshotStorageTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The storage behaviour suite against a real S3 API (s3proxy), each test under its own key prefix. */
class S3SnapshotStorageTest extends SnapshotStorageTck {

    static final String BUCKET = "snapgrid-tck";

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected SnapshotStorage newStorage() {
        return new S3SnapshotStorage(server.freshLocation(BUCKET), S3Tuning.defaults(), S3ProxyServer.credentials());
    }

    @AfterEach
    void closeStorage() {
        ((S3SnapshotStorage) storage).close();
    }

    /**
     * The race needs the store to refuse the loser's {@code If-None-Match: *} put. s3proxy 2.6.0 ignores the header
     * on PutObject and CompleteMultipartUpload ({@link S3ProxyConditionalWritesTest} shows it), so the later commit
     * overwrites; against AWS S3 the check holds. Skipped, not weakened, until the store under test can enforce it.
     */
    @Override
    @Test
    protected void ofTwoWritersRacingForOnePathTheFirstCommitWins() throws IOException {
        assumeTrue(false, "s3proxy " + S3ProxyServer.VERSION + " ignores If-None-Match on writes; see docs/s3.md");
    }
}
