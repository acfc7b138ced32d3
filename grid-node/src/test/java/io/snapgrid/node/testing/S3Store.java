package io.snapgrid.node.testing;

import io.snapgrid.snapshot.s3.S3ProxyServer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A node's view of an {@link S3ProxyServer}: the flags that put its snapshots in the proxy's bucket under a prefix of
 * their own, and the credentials the AWS SDK's default chain finds, as system properties for nodes in this JVM and
 * as environment variables for packaged ones.
 */
public record S3Store(S3ProxyServer server, String prefix) {

    public static S3Store freshPrefix(S3ProxyServer server) {
        return new S3Store(server, "node-" + UUID.randomUUID() + "/");
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
