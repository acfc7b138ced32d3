package io.snapgrid.snapshot.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What s3proxy makes of {@code If-None-Match: *} on writes, through a plain S3 client: it ignores it, and the
 * second write replaces the first where AWS would answer 412. This is why the TCK's race check is skipped against
 * it; should an upgrade start honouring the header, these fail, and the skip should go.
 */
class S3ProxyConditionalWritesTest {

    private static final String BUCKET = "conditional-writes";

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer(BUCKET);

    @Test
    void aConditionalPutOverAnExistingKeyIsNotRefused() {
        S3Client s3 = server.raw();
        s3.putObject(put -> put.bucket(BUCKET).key("put").ifNoneMatch("*"), RequestBody.fromString("first"));
        s3.putObject(put -> put.bucket(BUCKET).key("put").ifNoneMatch("*"), RequestBody.fromString("second"));
        assertEquals("second", s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("put")).asUtf8String());
    }

    @Test
    void aConditionalMultipartCompletionOverAnExistingKeyIsNotRefused() {
        S3Client s3 = server.raw();
        s3.putObject(put -> put.bucket(BUCKET).key("multipart"), RequestBody.fromString("first"));
        String uploadId = s3.createMultipartUpload(create -> create.bucket(BUCKET).key("multipart")).uploadId();
        String etag = s3.uploadPart(part -> part.bucket(BUCKET).key("multipart").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("second")).eTag();
        s3.completeMultipartUpload(complete -> complete.bucket(BUCKET).key("multipart").uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(List.of(
                        CompletedPart.builder().partNumber(1).eTag(etag)
                                .build())))
                .ifNoneMatch("*"));
        assertEquals("second", s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("multipart")).asUtf8String());
    }
}
