package io.snapgrid.node.testing;

import io.snapgrid.snapshot.s3.S3Location;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A node's view of an {@link S3ProxyServer}: the flags that put its snapshots in the proxy's bucket under a prefix of
 * their own, and the credentials the AWS SDK's default chain finds, as system properties for nodes in this JVM and
 * as environment variables for packaged ones.
 */
public record S3Store(S3ProxyServer server, String prefix) {

    public static S3Store freshPrefix(S3ProxyServer server) {
        return new S3Store(server, "node-" + UUID.randomUUID() + "/");
    }

    /** Where the node's snapshots go, for reading them behind its back. */
    public S3Location location() {
        return server.location(server.bucket(), prefix);
    }

    public List<String> flags() {
        return flags(server.bucket());
    }

    /** The flags for another bucket name, which may not exist. */
    public List<String> flags(String bucket) {
        return List.of("--snapshots.store=s3", "--snapshots.s3.endpoint=" + server.endpoint(),
                "--snapshots.s3.bucket=" + bucket, "--snapshots.s3.prefix=" + prefix,
                "--snapshots.s3.region=" + S3ProxyServer.REGION, "--snapshots.s3.path-style-access=true",
                // s3proxy 2.6.0 refuses the SDK's trailer checksums (docs/s3.md).
                "--snapshots.s3.upload-checksums=false");
    }

    /**
     * Puts every snapshot file under {@code root} (a filesystem store's root) into the bucket under this prefix, by
     * the same storage path, as if it had been written there. Commit logs stay behind: they are never in S3.
     */
    public S3Store upload(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = root.relativize(file).toString().replace(File.separatorChar, '/');
                if (path.startsWith("map=")) {
                    server.raw().putObject(put -> put.bucket(server.bucket()).key(prefix + path),
                            RequestBody.fromFile(file));
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }

    /** Credentials for nodes in this JVM: the SDK's chain reads these system properties before the environment. */
    public static void useCredentials(String secretKey) {
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", secretKey);
    }

    public static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
