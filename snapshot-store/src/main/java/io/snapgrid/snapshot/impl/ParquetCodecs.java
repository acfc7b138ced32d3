package io.snapgrid.snapshot.impl;

import com.github.luben.zstd.Zstd;
import io.snapgrid.snapshot.SnapshotFormat;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Page compression without Hadoop. Parquet's own CodecFactory goes through Hadoop's codec classes and
 * Configuration; this one calls the same libraries parquet-hadoop already depends on (snappy-java, zstd-jni)
 * directly. Stateless, so one instance serves every reader and writer.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

    public static final ParquetCodecs INSTANCE = new ParquetCodecs();
    private static final int ZSTD_LEVEL = 3;

    private ParquetCodecs() {
    }

    public static CompressionCodecName codecName(SnapshotFormat.Compression compression) {
        return switch (compression) {
            case UNCOMPRESSED -> CompressionCodecName.UNCOMPRESSED;
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        checkSupported(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return switch (codec) {
                    case SNAPPY -> BytesInput.from(Snappy.compress(array(bytes)));
                    case ZSTD -> BytesInput.from(Zstd.compress(array(bytes), ZSTD_LEVEL));
                    default -> bytes;
                };
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        checkSupported(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
                return codec == CompressionCodecName.UNCOMPRESSED
                        ? bytes
                        : BytesInput.from(inflate(codec, array(bytes), decompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                    throws IOException {
                byte[] compressed = new byte[compressedSize];
                input.get(compressed);
                output.put(codec == CompressionCodecName.UNCOMPRESSED
                        ? compressed
                        : inflate(codec, compressed, decompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    private static byte[] array(BytesInput bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(bytes.size()));
        bytes.writeAllTo(out);
        return out.toByteArray();
    }

    private static byte[] inflate(CompressionCodecName codec, byte[] compressed, int size) throws IOException {
        byte[] bytes = codec == CompressionCodecName.SNAPPY
                ? Snappy.uncompress(compressed)
                : Zstd.decompress(compressed, size);
        if (bytes.length != size) {
            throw new IOException(codec + " page decompressed to " + bytes.length + " bytes, expected " + size);
        }
        return bytes;
    }

    private static void checkSupported(CompressionCodecName codec) {
        if (codec != CompressionCodecName.UNCOMPRESSED && codec != CompressionCodecName.SNAPPY
                && codec != CompressionCodecName.ZSTD) {
            throw new UnsupportedOperationException("Parquet codec " + codec + " is not supported; snapshots use "
                    + "UNCOMPRESSED, SNAPPY or ZSTD");
        }
    }
}
