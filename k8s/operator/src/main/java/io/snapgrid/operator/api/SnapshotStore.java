package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One of: a shared volume, or S3. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotStore(
        @JsonPropertyDescription("A ReadWriteMany claim (POSIX, working file locks) mounted on every member.")
        Volume volume,
        @JsonPropertyDescription("An S3 bucket (snapshots.store: s3, docs/s3.md). Needs dataVolume: each member's"
                + " commit log lives on its own claim, at /data/commit-logs.")
        S3 s3) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(String claimName) {
    }

    /** The node's snapshots.s3.* keys, camelCase; a key left out is the node's default. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3(
            @JsonPropertyDescription("An S3-compatible store's URL (http://minio:9000); empty for AWS.")
            String endpoint,
            @JsonPropertyDescription("An existing bucket; the node never creates it.")
            String bucket,
            @JsonPropertyDescription("Prepended to every object key: empty or ending with /; one per cluster.")
            String prefix,
            @JsonPropertyDescription("The signing region (the node's default: us-east-1).")
            String region,
            @JsonPropertyDescription("http://host/bucket/key addressing, which most S3-compatible stores need.")
            Boolean pathStyleAccess,
            @JsonPropertyDescription("CRC32 trailer checksums on uploads (the node's default: true); some"
                    + " S3-compatible stores refuse them.")
            Boolean uploadChecksums,
            @JsonPropertyDescription("A Secret with keys access-key-id and secret-access-key, given to the members"
                    + " as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; without it, the AWS SDK's default chain"
                    + " (a web identity, an instance role).")
            String credentialsSecret) {
    }
}
