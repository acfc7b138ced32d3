package io.snapgrid.snapshot.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Uploads a spooled file as one object, create-only: {@code If-None-Match: *} on the PutObject, or on the
 * CompleteMultipartUpload of a large file, so S3 itself decides which of two racing writers wins. The writer's id
 * goes along as user metadata, so that a retried request that finds its own earlier attempt can tell.
 */
final class S3Upload {

    static final String WRITER_METADATA = "snapgrid-writer";
    private static final String ANY_OBJECT = "*";
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client client;
    private final S3Location location;
    private final S3Tuning tuning;

    S3Upload(S3Client client, S3Location location, S3Tuning tuning) {
        this.client = client;
        this.location = location;
        this.tuning = tuning;
    }

    void createOnly(String path, Path spool, String writer) throws IOException {
        long size = Files.size(spool);
        if (size <= tuning.multipartThresholdBytes()) {
            client.putObject(put -> put.bucket(location.bucket()).key(location.key(path)).ifNoneMatch(ANY_OBJECT)
                    .metadata(Map.of(WRITER_METADATA, writer)), RequestBody.fromFile(spool));
        } else {
            multipart(path, spool, size, writer);
        }
    }

    private void multipart(String path, Path spool, long size, String writer) throws IOException {
        String key = location.key(path);
        String uploadId = client.createMultipartUpload(create -> create.bucket(location.bucket()).key(key)
                .metadata(Map.of(WRITER_METADATA, writer))).uploadId();
        try {
            List<CompletedPart> parts = uploadParts(key, uploadId, spool, size);
            client.completeMultipartUpload(complete -> complete.bucket(location.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)).ifNoneMatch(ANY_OBJECT));
        } catch (IOException | SdkException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private List<CompletedPart> uploadParts(String key, String uploadId, Path spool, long size) throws IOException {
        List<CompletedPart> parts = new ArrayList<>();
        // One part in memory at a time: a retried request must send the same bytes again, which a stream cannot.
        byte[] part = new byte[(int) Math.min(tuning.partBytes(), size)];
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
            for (long offset = 0; offset < size; offset += part.length) {
                int length = (int) Math.min(part.length, size - offset);
                readFully(channel, ByteBuffer.wrap(part, 0, length), offset);
                int number = parts.size() + 1;
                UploadPartResponse uploaded = client.uploadPart(upload -> upload.bucket(location.bucket()).key(key)
                        .uploadId(uploadId).partNumber(number), RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE));
                parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag())
                        .checksumCRC32(uploaded.checksumCRC32()).build());
            }
        }
        return parts;
    }

    /** An upload left open keeps its parts, and S3 bills them, until a lifecycle rule removes it. */
    private void abort(String key, String uploadId, Exception failure) {
        try {
            client.abortMultipartUpload(abort -> abort.bucket(location.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("spool file ended early");
            }
        }
    }
}
