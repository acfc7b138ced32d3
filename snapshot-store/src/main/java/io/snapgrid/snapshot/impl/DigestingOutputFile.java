package io.snapgrid.snapshot.impl;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Parquet {@link OutputFile} over a stream that counts and hashes every byte on its way out, so a data file's size
 * and SHA-256 are known when it is closed without reading it back. Single use: Parquet opens it once.
 */
public final class DigestingOutputFile implements OutputFile {

    private final String path;
    private final DigestingStream stream;
    private String sha256;

    public DigestingOutputFile(String path, OutputStream out) {
        this.path = path;
        this.stream = new DigestingStream(out);
    }

    public long bytesWritten() {
        return stream.position;
    }

    /** Lower-case hex of everything written; call once writing is finished, as it ends the digest. */
    public String sha256() {
        if (sha256 == null) {
            sha256 = HexFormat.of().formatHex(stream.digest.digest());
        }
        return sha256;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return stream;
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path;
    }

    private static final class DigestingStream extends PositionOutputStream {

        private final OutputStream out;
        private final MessageDigest digest = sha256Digest();
        private long position;

        DigestingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
