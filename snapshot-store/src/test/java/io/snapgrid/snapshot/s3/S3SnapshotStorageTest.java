package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.StoredFile;
import io.snapgrid.snapshot.tck.SnapshotStorageTck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The storage behaviour suite against a real S3 API (s3proxy), each test under its own key prefix. */
class S3SnapshotStorageTest extends SnapshotStorageTck {

    static final String BUCKET = "snapgrid-tck";
    /** The smallest part S3 (and s3proxy) accept. */
    private static final int PART = 5 * 1024 * 1024;

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer(BUCKET);

    private final List<S3SnapshotStorage> opened = new ArrayList<>();

    @Override
    protected SnapshotStorage newStorage() {
        return storage(server.freshLocation(), S3Tuning.defaults());
    }

    private S3SnapshotStorage storage(S3Location location, S3Tuning tuning) {
        S3SnapshotStorage s3 = new S3SnapshotStorage(location, tuning, S3ProxyServer.credentials());
        opened.add(s3);
        return s3;
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(S3SnapshotStorage::close);
    }

    @Test
    void aLargeFileGoesUpInPartsAndReadsBackWhole() throws IOException {
        S3SnapshotStorage small = storage(server.freshLocation(), S3Tuning.defaults().withMultipart(PART, PART));
        byte[] contents = new byte[3 * PART + 12_345];
        new Random(7).nextBytes(contents);
        try (PendingFile pending = small.create("m/part-0.parquet")) {
            pending.out().write(contents);
            pending.commit();
        }
        String etag = server.raw().headObject(head -> head.bucket(BUCKET)
                .key(small.location().key("m/part-0.parquet"))).eTag();
        assertTrue(etag.endsWith("-4\""), "a 4-part upload's ETag, not " + etag);
        assertEquals(List.of(new StoredFile("m/part-0.parquet", contents.length)), small.list("m/"));
        try (SeekableByteChannel channel = small.open("m/part-0.parquet")) {
            ByteBuffer all = ByteBuffer.allocate(contents.length);
            while (all.hasRemaining() && channel.read(all) >= 0) {
                // Reads come in read-ahead windows; the loop stitches them.
            }
            assertArrayEquals(contents, all.array());
        }
        assertEquals(List.of(), server.raw().listMultipartUploads(list -> list.bucket(BUCKET)).uploads());
    }

    @Test
    void listingFollowsEveryPage() throws IOException {
        S3SnapshotStorage paged = storage(server.freshLocation(), S3Tuning.defaults().withListPageKeys(3));
        List<String> expected = new ArrayList<>();
        for (int file = 0; file < 10; file++) {
            String path = "dir/file-" + file;
            try (PendingFile pending = paged.create(path)) {
                pending.commit();
            }
            expected.add(path);
        }
        assertEquals(expected, paged.list("dir/").stream().map(StoredFile::path).toList());
    }

    @Test
    void checkAccessPassesForAReachableBucket() throws IOException {
        ((S3SnapshotStorage) storage).checkAccess();
    }

    @Test
    void aMissingBucketFailsTheAccessCheckByName() {
        S3SnapshotStorage missing = storage(server.location("no-such-bucket", ""), S3Tuning.defaults());
        SnapshotStorageException e = assertThrows(SnapshotStorageException.class, missing::checkAccess);
        assertTrue(e.getMessage().contains("no-such-bucket") && e.getMessage().contains("NoSuchBucket"),
                e.getMessage());
    }

    @Test
    void aMissingBucketIsAFailureNotAMissingFile() {
        S3SnapshotStorage missing = storage(server.location("no-such-bucket", ""), S3Tuning.defaults());
        SnapshotStorageException e = assertThrows(SnapshotStorageException.class, () -> missing.list("m/"));
        assertFalse(e instanceof SnapshotFileNotFoundException, e.getMessage());
        assertTrue(e.getMessage().contains("s3://no-such-bucket/m/") && e.getMessage().contains("NoSuchBucket"),
                e.getMessage());
    }

    @Test
    void badCredentialsFailTheAccessCheckNamingTheBucket() {
        S3SnapshotStorage wrongSecret = new S3SnapshotStorage(server.freshLocation(), S3Tuning.defaults(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, "wrong")));
        opened.add(wrongSecret);
        SnapshotStorageException e = assertThrows(SnapshotStorageException.class, wrongSecret::checkAccess);
        assertTrue(e.getMessage().contains(BUCKET) && e.getMessage().contains("403"), e.getMessage());
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
