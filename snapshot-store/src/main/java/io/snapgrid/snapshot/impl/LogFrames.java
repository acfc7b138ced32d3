package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotRow;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * Commit log records. A frame is {@code int length, int crc32c, payload}, big-endian; the CRC covers the length
 * and the payload, so a damaged length is caught too. Payloads are Avro binary:
 * <pre>
 * SCHEMA: int 0, string map, string schema (JSON)   -- once per map per segment, before its first row
 * ROW:    int 1, string map, string key, int op, long revision, long commit time (epoch ms), [value]
 * </pre>
 * The value (upserts only) is the map's record in the schema of the segment's SCHEMA record for the map, so a
 * segment can be read without anything outside it.
 */
public final class LogFrames {

    public static final int HEADER_BYTES = 8;
    /** Larger lengths are damage, not records; bounds what a damaged length makes a reader allocate. */
    public static final int MAX_PAYLOAD_BYTES = 64 << 20;
    private static final int SCHEMA = 0;
    private static final int ROW = 1;

    private LogFrames() {
    }

    public static byte[] schema(String map, Schema schema) {
        return frame(encoder -> {
            encoder.writeInt(SCHEMA);
            encoder.writeString(map);
            encoder.writeString(schema.toString());
        });
    }

    public static byte[] row(String map, SnapshotRow row, GenericDatumWriter<GenericRecord> valueWriter) {
        return frame(encoder -> {
            encoder.writeInt(ROW);
            encoder.writeString(map);
            encoder.writeString(row.key());
            encoder.writeInt(row.op().ordinal());
            encoder.writeLong(row.revision());
            encoder.writeLong(row.commitTime().toEpochMilli());
            if (row.value() != null) {
                valueWriter.write(row.value(), encoder);
            }
        });
    }

    /** The CRC a frame of this length and payload must carry. */
    public static int crc(int length, byte[] payload, int offset) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    /** What a payload holds; the reader keeps the writer schemas and the readers built from them. */
    public interface PayloadVisitor {

        void schema(String map, Schema schema) throws IOException;

        void row(String map, BinaryDecoder rest, RowHead head) throws IOException;
    }

    /** A row's fields before its value. */
    public record RowHead(String key, SnapshotOp op, long revision, Instant commitTime) {

        public SnapshotRow toRow(GenericRecord value) {
            return new SnapshotRow(key, op, revision, commitTime, value);
        }
    }

    /** @throws IOException or a RuntimeException of Avro's if the payload does not decode */
    public static void decode(byte[] payload, PayloadVisitor visitor) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, null);
        int type = decoder.readInt();
        String map = decoder.readString();
        switch (type) {
            case SCHEMA -> visitor.schema(map, new Schema.Parser().parse(decoder.readString()));
            case ROW -> {
                String key = decoder.readString();
                int op = decoder.readInt();
                if (op < 0 || op >= SnapshotOp.values().length) {
                    throw new IOException("unknown operation " + op);
                }
                visitor.row(map, decoder, new RowHead(key, SnapshotOp.values()[op], decoder.readLong(),
                        Instant.ofEpochMilli(decoder.readLong())));
            }
            default -> throw new IOException("unknown record type " + type);
        }
        if (!decoder.isEnd()) {
            throw new IOException("bytes left after the record");
        }
    }

    private interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] frame(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            bytes.write(new byte[HEADER_BYTES]);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            body.write(encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        byte[] frame = bytes.toByteArray();
        int length = frame.length - HEADER_BYTES;
        if (length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a commit log record holds at most " + MAX_PAYLOAD_BYTES
                    + " bytes, this one " + length);
        }
        ByteBuffer.wrap(frame).putInt(length).putInt(crc(length, frame, HEADER_BYTES));
        return frame;
    }
}
