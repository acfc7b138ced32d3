package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotFormat;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParquetCodecsTest {

    private static final byte[] PAGE = "x1000c0s0b0n0 nid000001 Compute Ready ".repeat(500)
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(SnapshotFormat.Compression.class)
    void pagesComeBackThroughBothDecompressionPaths(SnapshotFormat.Compression compression) throws IOException {
        CompressionCodecName codec = ParquetCodecs.codecName(compression);
        BytesInputCompressor compressor = ParquetCodecs.INSTANCE.getCompressor(codec);
        BytesInputDecompressor decompressor = ParquetCodecs.INSTANCE.getDecompressor(codec);
        byte[] compressed = bytes(compressor.compress(BytesInput.from(PAGE)));

        assertArrayEquals(PAGE, bytes(decompressor.decompress(BytesInput.from(compressed), PAGE.length)));
        ByteBuffer input = ByteBuffer.allocateDirect(compressed.length + 3).put(new byte[3]).put(compressed);
        input.position(3);
        ByteBuffer output = ByteBuffer.allocateDirect(PAGE.length);
        decompressor.decompress(input, compressed.length, output, PAGE.length);
        byte[] decompressed = new byte[PAGE.length];
        output.flip().get(decompressed);
        assertArrayEquals(PAGE, decompressed);
    }

    @Test
    void aPageOfTheWrongSizeIsAnError() throws IOException {
        BytesInput compressed = ParquetCodecs.INSTANCE.getCompressor(CompressionCodecName.SNAPPY)
                .compress(BytesInput.from(PAGE));
        assertThrows(IOException.class, () -> ParquetCodecs.INSTANCE.getDecompressor(CompressionCodecName.SNAPPY)
                .decompress(compressed, PAGE.length + 1));
    }

    @Test
    void otherCodecsAreRefused() {
        assertThrows(UnsupportedOperationException.class,
                () -> ParquetCodecs.INSTANCE.getCompressor(CompressionCodecName.GZIP));
    }

    private static byte[] bytes(BytesInput input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        input.writeAllTo(out);
        return out.toByteArray();
    }
}
