package io.snapgrid.snapshot.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link S3SnapshotStorage} keeps its objects. Credentials are deliberately not part of it: they come from the
 * AWS SDK's default chain (environment, system properties, web identity, profile), never from Snapgrid's
 * configuration files.
 *
 * @param endpoint        an S3-compatible endpoint instead of AWS's own (MinIO, Ceph, s3proxy); empty for AWS
 * @param region          the signing region, e.g. {@code eu-central-1}
 * @param bucket          an existing bucket; the backend never creates one
 * @param keyPrefix       prepended to every storage path; empty, or ending with {@code /}
 * @param pathStyleAccess {@code http://host/bucket/key} instead of {@code http://bucket.host/key}; most
 *                        S3-compatible stores need it
 * @param uploadChecksums send a CRC32 of every upload in a trailer, as the SDK does for AWS; some S3-compatible
 *                        stores (s3proxy 2.6.0) refuse such requests, and manifests' SHA-256s catch damage anyway
 */
public record S3Location(Optional<URI> endpoint, String region, String bucket, String keyPrefix,
                         boolean pathStyleAccess, boolean uploadChecksums) {

    public S3Location {
        Objects.requireNonNull(endpoint, "endpoint");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 region must be set");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 bucket must be set");
        }
        if (keyPrefix == null || !keyPrefix.isEmpty() && (!keyPrefix.endsWith("/") || keyPrefix.startsWith("/"))) {
            throw new IllegalArgumentException("S3 key prefix \"" + keyPrefix + "\" of bucket " + bucket
                    + ": expected empty or relative and ending with '/'");
        }
    }

    /** The object key of a storage path. */
    String key(String path) {
        return keyPrefix + path;
    }

    /** The storage path of an object key listed under {@link #keyPrefix}. */
    String path(String key) {
        return key.substring(keyPrefix.length());
    }

    /** How errors name an object: {@code s3://bucket/key}. */
    String describe(String path) {
        return "s3://" + bucket + "/" + key(path);
    }
}
