package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotStorageException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the SDK's exceptions into the storage's, naming the path, bucket and key, and S3's own error code. */
final class S3Errors {

    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int PRECONDITION_FAILED = 412;
    /** Also a 404, but a misconfiguration rather than a missing file. HEAD answers carry no code to tell them by. */
    private static final String CONDITIONAL_CONFLICT = "ConditionalRequestConflict";
    private static final String NO_SUCH_BUCKET = "NoSuchBucket";

    private S3Errors() {
    }

    static SnapshotStorageException failure(S3Location location, String path, String action, SdkException e) {
        if (status(e) == NOT_FOUND && !NO_SUCH_BUCKET.equals(errorCode(e))) {
            return new SnapshotFileNotFoundException(path, location.describe(path));
        }
        return new SnapshotStorageException(path, "cannot " + action + " snapshot file " + path + " ("
                + location.describe(path) + "): " + describe(e), e);
    }

    /** {@code If-None-Match: *} failed because the key exists: 412, the loser of a race for the key. */
    static boolean isPreconditionFailed(SdkException e) {
        return status(e) == PRECONDITION_FAILED;
    }

    /**
     * AWS answers 409 ConditionalRequestConflict when another conditional write to the key is in flight; whether
     * that one won is only known by looking at the key afterwards.
     */
    static boolean isConditionalConflict(SdkException e) {
        return status(e) == CONFLICT && CONDITIONAL_CONFLICT.equals(errorCode(e));
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.statusCode() + " " + service.awsErrorDetails().errorCode() + ": "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    private static String errorCode(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
    }

    private static int status(SdkException e) {
        return e instanceof AwsServiceException service ? service.statusCode() : -1;
    }
}
