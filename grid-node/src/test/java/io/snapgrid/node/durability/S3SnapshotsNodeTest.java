package io.snapgrid.node.durability;

import io.snapgrid.node.config.InvalidConfigurationException;
import io.snapgrid.node.testing.S3Store;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes with {@code snapshots.store: s3}, on s3proxy in this JVM: the node's snapshot machinery works unchanged
 * through the S3 backend, and a bucket the node cannot use stops it at start, naming the bucket and S3's error.
 */
class S3SnapshotsNodeTest {

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("snapgrid-nodes", true);

    @TempDir
    Path work;

    @BeforeAll
    static void credentials() {
        S3Store.useCredentials(S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    static void noCredentials() {
        S3Store.forgetCredentials();
    }

    @Test
    void oneNodeRestoresStrongAndWeakMapsFromS3() throws Exception {
        restartRestoresFromS3(1);
    }

    @Test
    @Tag("cluster")
    void threeNodesRestoreStrongAndWeakMapsFromS3() throws Exception {
        restartRestoresFromS3(3);
    }

    private void restartRestoresFromS3(int members) throws Exception {
        S3Store store = S3Store.freshPrefix(S3);
        Path root = work.resolve("root");
        RestartRoundTrip.run(members, Files.createDirectories(root), store.flags().toArray(String[]::new));
        List<String> keys = S3.raw().listObjectsV2Paginator(list -> list.bucket(S3.bucket()).prefix(store.prefix()))
                .contents().stream().map(S3Object::key).toList();
        for (String map : List.of(RestartRoundTrip.STRONG, RestartRoundTrip.WEAK)) {
            assertTrue(keys.stream().anyMatch(key -> key.startsWith(store.prefix() + "map=" + map + "/manifests/")),
                    map + " has no manifest in the bucket: " + keys);
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(), files.filter(file -> file.toString().endsWith(".parquet")
                    || file.toString().endsWith(".json")).toList(), "snapshot files outside the bucket");
        }
    }

    @Test
    void aMissingBucketStopsTheNodeNamingIt() {
        String problem = refusal(S3Store.freshPrefix(S3).flags("no-such-bucket"));
        assertTrue(problem.startsWith("snapshots.s3.bucket: cannot use S3 bucket no-such-bucket at " + S3.endpoint()),
                problem);
        assertTrue(problem.contains("NoSuchBucket"), problem);
    }

    @Test
    void aWrongSecretStopsTheNodeNamingTheBucket() {
        S3Store.useCredentials("not-the-secret");
        try {
            String problem = refusal(S3Store.freshPrefix(S3).flags());
            assertTrue(problem.startsWith("snapshots.s3.bucket: cannot use S3 bucket " + S3.bucket()), problem);
            assertTrue(problem.contains("403"), problem);
        } finally {
            S3Store.useCredentials(S3ProxyServer.SECRET_KEY);
        }
    }

    /** The one problem a node refused to start with (the start command prints it and exits with 2). */
    private static String refusal(List<String> flags) {
        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> TestCluster.start(1, flags.toArray(String[]::new)).close());
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException invalid) {
                System.out.println("refused: " + invalid.problems());
                assertEquals(1, invalid.problems().size(), invalid.problems().toString());
                return invalid.problems().get(0);
            }
        }
        throw new AssertionError("not refused as configuration", failed);
    }
}
