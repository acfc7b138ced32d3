package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFileExistsException;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.StoragePaths;
import io.snapgrid.snapshot.StoredFile;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SnapshotStorage} in an S3 bucket (AWS, or an S3-compatible store through an endpoint override), one object
 * per storage path under a key prefix.
 *
 * <p>What it relies on from the store: conditional writes ({@code If-None-Match: *} on PutObject and
 * CompleteMultipartUpload), which make publication create-only even between racing writers on different hosts; and
 * strong read-after-write consistency (AWS S3 since December 2020), so that a committed file is immediately read and
 * listed. A pending file is spooled to a local temporary file and uploaded at commit, as one PutObject or, above
 * {@link S3Tuning#multipartThresholdBytes()}, as a multipart upload that is aborted if it fails.
 *
 * <p>Credentials come from the SDK's default chain only. Throttling, 5xx answers and connection errors are retried
 * by the SDK's standard retry strategy with backoff, at most {@link S3Tuning#maxAttempts()} tries.
 */
public final class S3SnapshotStorage implements SnapshotStorage, AutoCloseable {

    private final S3Client client;
    private final S3Location location;
    private final S3Tuning tuning;
    private final S3Upload upload;

    public S3SnapshotStorage(S3Location location, S3Tuning tuning) {
        this(location, tuning, DefaultCredentialsProvider.builder().build());
    }

    /** Lets tests hand in credentials without touching the process-wide default chain. */
    S3SnapshotStorage(S3Location location, S3Tuning tuning, AwsCredentialsProvider credentials) {
        this.location = location;
        this.tuning = tuning;
        this.client = client(location, tuning, credentials);
        this.upload = new S3Upload(client, location, tuning);
    }

    private static S3Client client(S3Location location, S3Tuning tuning, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(location.region()))
                .forcePathStyle(location.pathStyleAccess())
                .credentialsProvider(credentials)
                .requestChecksumCalculation(location.uploadChecksums() ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
                        .toBuilder().maxAttempts(tuning.maxAttempts()).build()));
        location.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public S3Location location() {
        return location;
    }

    /**
     * Lists one key under the prefix, which needs the bucket to exist and the credentials to be valid and allowed to
     * list: a node calls this at start so that a misconfiguration fails there, naming the bucket, rather than at its
     * first snapshot.
     *
     * @throws SnapshotStorageException naming the bucket and S3's error
     */
    public void checkAccess() throws SnapshotStorageException {
        try {
            client.listObjectsV2(list -> list.bucket(location.bucket()).prefix(location.keyPrefix()).maxKeys(1));
        } catch (SdkException e) {
            throw new SnapshotStorageException(location.keyPrefix(), "cannot use S3 bucket " + location.bucket()
                    + location.endpoint().map(endpoint -> " at " + endpoint).orElse("") + ": "
                    + S3Errors.describe(e), e);
        }
    }

    @Override
    public PendingFile create(String path) throws IOException {
        StoragePaths.checkPath(path);
        if (head(path, "check").isPresent()) {
            throw new SnapshotFileExistsException(path, location.describe(path));
        }
        Path spool = Files.createTempFile("snapgrid-s3-", ".spool");
        try {
            return new S3PendingFile(this, path, spool);
        } catch (IOException e) {
            Files.deleteIfExists(spool);
            throw new SnapshotStorageException(path, "cannot spool snapshot file " + path + " to " + spool, e);
        }
    }

    /** Called by {@link S3PendingFile#commit()}. */
    void publish(String path, Path spool) throws IOException {
        String writer = UUID.randomUUID().toString();
        try {
            upload.createOnly(path, spool, writer);
        } catch (IOException e) {
            throw new SnapshotStorageException(path, "cannot read back the spool of snapshot file " + path + " ("
                    + spool + ") to upload it to " + location.describe(path), e);
        } catch (SdkException e) {
            if (!S3Errors.isPreconditionFailed(e) && !S3Errors.isConditionalConflict(e)) {
                throw S3Errors.failure(location, path, "publish", e);
            }
            // 412: the key exists, perhaps from this writer's own attempt whose answer was lost and retried by the SDK.
            // 409: a concurrent conditional write is in flight, whose outcome only a look at the key tells.
            Optional<HeadObjectResponse> existing = head(path, "check");
            if (existing.isEmpty()) {
                throw S3Errors.failure(location, path, "publish", e);
            }
            if (!writer.equals(existing.get().metadata().get(S3Upload.WRITER_METADATA))) {
                throw new SnapshotFileExistsException(path, location.describe(path));
            }
        }
    }

    @Override
    public SeekableByteChannel open(String path) throws IOException {
        StoragePaths.checkPath(path);
        HeadObjectResponse head = existing(path, "read");
        // If-Match pins every ranged GET to the object opened, should the key be deleted and written again meanwhile.
        String etag = head.eTag();
        return new S3ReadChannel((first, length) -> {
            try {
                return client.getObjectAsBytes(get -> get.bucket(location.bucket()).key(location.key(path))
                        .range("bytes=" + first + "-" + (first + length - 1)).ifMatch(etag)).asByteArrayUnsafe();
            } catch (SdkException e) {
                throw S3Errors.failure(location, path, "read", e);
            }
        }, head.contentLength(), tuning.readAheadBytes());
    }

    @Override
    public long size(String path) throws IOException {
        StoragePaths.checkPath(path);
        return existing(path, "stat").contentLength();
    }

    @Override
    public List<StoredFile> list(String prefix) throws IOException {
        StoragePaths.checkPrefix(prefix);
        List<StoredFile> files = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(list -> list.bucket(location.bucket())
                    .prefix(location.key(prefix)).maxKeys(tuning.listPageKeys())).contents()) {
                files.add(new StoredFile(location.path(object.key()), object.size()));
            }
        } catch (SdkException e) {
            throw S3Errors.failure(location, prefix, "list", e);
        }
        // AWS lists in UTF-8 byte order, which for storage paths (ASCII only) is String order; not every
        // S3-compatible store promises it.
        files.sort(Comparator.comparing(StoredFile::path));
        return files;
    }

    @Override
    public void delete(String path) throws IOException {
        StoragePaths.checkPath(path);
        try {
            // S3 answers 204 whether or not the key existed, which makes delete idempotent as the interface wants.
            client.deleteObject(delete -> delete.bucket(location.bucket()).key(location.key(path)));
        } catch (SdkException e) {
            throw S3Errors.failure(location, path, "delete", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private HeadObjectResponse existing(String path, String action) throws IOException {
        try {
            return client.headObject(head -> head.bucket(location.bucket()).key(location.key(path)));
        } catch (SdkException e) {
            throw S3Errors.failure(location, path, action, e);
        }
    }

    private Optional<HeadObjectResponse> head(String path, String action) throws IOException {
        try {
            return Optional.of(existing(path, action));
        } catch (SnapshotFileNotFoundException e) {
            return Optional.empty();
        }
    }
}
