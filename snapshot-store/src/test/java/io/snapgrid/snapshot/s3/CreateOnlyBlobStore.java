package io.snapgrid.snapshot.s3;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * What AWS S3 does and s3proxy 2.6.0 does not (docs/s3.md): a PutObject with {@code If-None-Match: *} on an existing
 * key fails with 412. s3proxy does not hand the header to its blob store, so this store refuses every put of an
 * existing key that carries the backend's writer id, which only the backend's create-only publication sends; the
 * tests' own tampering through a plain client still overwrites. Check and put are one step, so racing writers
 * (members of one cluster in one JVM, or packaged ones) see S3's answer. Multipart completion is not covered: the
 * backend only uses it for data files above 16 MiB, whose paths no two writers share.
 */
final class CreateOnlyBlobStore extends ForwardingBlobStore {

    private static final int PRECONDITION_FAILED = 412;

    CreateOnlyBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return putBlob(container, blob, PutOptions.NONE);
    }

    @Override
    public synchronized String putBlob(String container, Blob blob, PutOptions options) {
        String key = blob.getMetadata().getName();
        if (blob.getMetadata().getUserMetadata().containsKey(S3Upload.WRITER_METADATA) && blobExists(container, key)) {
            // s3proxy answers an HttpResponseException of status 412 with S3's PreconditionFailed error.
            throw new HttpResponseException("key exists: " + key, null,
                    HttpResponse.builder().statusCode(PRECONDITION_FAILED).build());
        }
        return super.putBlob(container, blob, options);
    }
}
