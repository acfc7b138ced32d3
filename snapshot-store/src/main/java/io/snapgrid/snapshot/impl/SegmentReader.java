package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.CommitLogCorruptException;
import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotRow;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one commit log segment. A damaged record is a torn tail, cut silently, only in the newest segment and only
 * when no intact record follows it anywhere in the file: a crash mid-write leaves exactly that, and such records
 * were never acknowledged because acknowledgement waits for the fsync. Any other damage may hit acknowledged rows
 * and is reported with the file and offset. Older segments were complete when the next one was started, so any
 * damage in them is reported.
 */
public final class SegmentReader {

    /** Receives rows with the schema their values are read in. */
    public interface RowVisitor {
        void row(String map, Schema schema, SnapshotRow row) throws IOException;
    }

    private final Path segment;
    private final boolean newest;
    private final Map<String, Schema> readerSchemas;
    private final Map<String, GenericDatumReader<GenericRecord>> valueReaders = new HashMap<>();

    /**
     * @param readerSchemas values of these maps are resolved to these schemas (Avro's rules); other maps' values
     *                      are read in the schema they were written in
     */
    public SegmentReader(Path segment, boolean newest, Map<String, Schema> readerSchemas) {
        this.segment = segment;
        this.newest = newest;
        this.readerSchemas = readerSchemas;
    }

    /** @return the end of the last intact record: the length to cut the segment to */
    public long read(RowVisitor visitor) throws IOException {
        byte[] bytes = readAll();
        if (bytes.length < LogSegments.MAGIC.length
                || !Arrays.equals(bytes, 0, LogSegments.MAGIC.length, LogSegments.MAGIC, 0, LogSegments.MAGIC.length)) {
            throw new CommitLogCorruptException(segment, 0, "not a commit log segment (bad header)");
        }
        int offset = LogSegments.MAGIC.length;
        while (offset < bytes.length) {
            String damage = damage(bytes, offset);
            if (damage != null) {
                if (newest && !intactRecordAfter(bytes, offset)) {
                    return offset;
                }
                throw new CommitLogCorruptException(segment, offset, damage);
            }
            int length = ByteBuffer.wrap(bytes, offset, 4).getInt();
            byte[] payload = Arrays.copyOfRange(bytes, offset + LogFrames.HEADER_BYTES,
                    offset + LogFrames.HEADER_BYTES + length);
            Decoded decoded = decode(payload, offset);
            if (decoded != null) {
                visitor.row(decoded.map(), decoded.schema(), decoded.row());
            }
            offset += LogFrames.HEADER_BYTES + length;
        }
        return offset;
    }

    /** A decoded row record, with the schema its value was read in. */
    private record Decoded(String map, Schema schema, SnapshotRow row) {
    }

    /** @return the row, or null for a schema record */
    private Decoded decode(byte[] payload, long offset) throws CommitLogCorruptException {
        Decoded[] decoded = new Decoded[1];
        try {
            LogFrames.decode(payload, new LogFrames.PayloadVisitor() {
                @Override
                public void schema(String map, Schema schema) {
                    valueReaders.put(map, new GenericDatumReader<>(schema, readerSchemas.getOrDefault(map, schema)));
                }

                @Override
                public void row(String map, BinaryDecoder rest, LogFrames.RowHead head) throws IOException {
                    GenericDatumReader<GenericRecord> reader = valueReaders.get(map);
                    if (reader == null) {
                        throw new IOException("row of map " + map + " before the map's schema record");
                    }
                    decoded[0] = new Decoded(map, reader.getExpected(),
                            head.toRow(head.op() == SnapshotOp.UPSERT ? reader.read(null, rest) : null));
                }
            });
        } catch (IOException | RuntimeException e) {
            // The CRC matched, so the writer wrote these bytes: a bug or a schema that no longer resolves.
            throw new CommitLogCorruptException(segment, offset, "intact record does not decode: " + e);
        }
        return decoded[0];
    }

    /** @return why the record at the offset is damaged, or null if it is intact */
    private static String damage(byte[] bytes, int offset) {
        if (bytes.length - offset < LogFrames.HEADER_BYTES) {
            return "record header cut off at the end of the file";
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, offset, LogFrames.HEADER_BYTES);
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 1 || length > LogFrames.MAX_PAYLOAD_BYTES) {
            return "impossible record length " + length;
        }
        if ((long) offset + LogFrames.HEADER_BYTES + length > bytes.length) {
            return "record of " + length + " bytes cut off at the end of the file";
        }
        if (LogFrames.crc(length, bytes, offset + LogFrames.HEADER_BYTES) != crc) {
            return "CRC32C mismatch";
        }
        return null;
    }

    /** Any offset may start a record when the damaged one's length cannot be trusted, so every one is tried. */
    private static boolean intactRecordAfter(byte[] bytes, int damaged) {
        for (int offset = damaged + 1; offset <= bytes.length - LogFrames.HEADER_BYTES; offset++) {
            if (damage(bytes, offset) == null) {
                return true;
            }
        }
        return false;
    }

    private byte[] readAll() throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new CommitLogCorruptException(segment, 0, "segment of " + size + " bytes is too large");
            }
            // The newest segment may grow while it is read; what was there when it was opened is read.
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            int read = 0;
            while (read >= 0 && buffer.hasRemaining()) {
                read = channel.read(buffer);
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
