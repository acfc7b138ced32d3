package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One of: a shared volume, or S3. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotStore(
        @JsonPropertyDescription("A ReadWriteMany claim (POSIX, working file locks) mounted on every member.")
        Volume volume,
        @JsonPropertyDescription("An S3 bucket. Refused for now: the node cannot be configured to use S3 yet.")
        S3 s3) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(String claimName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3(String bucket, String endpoint, String region,
                     @JsonPropertyDescription("A Secret with keys access-key-id and secret-access-key.")
                     String credentialsSecret) {
    }
}
