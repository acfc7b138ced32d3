package io.snapgrid.snapshot.impl;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rows held back so that they reach the Parquet file sorted by key: each page and row group then covers a narrow
 * key range, and a reader looking for one key skips the rest by the column and offset indexes. Rows are held
 * Avro-encoded, which measures their memory and frees callers to change a record once they have added it. The sort
 * is stable, so a key's rows keep the order they were added in. Not thread-safe.
 */
public final class KeySortedRun {

    /** What a held row costs beyond its encoding: the entry, its key string and the list slot, roughly. */
    private static final int ROW_OVERHEAD_BYTES = 64;

    private final GenericDatumWriter<GenericData.Record> encoder;
    private final GenericDatumReader<GenericData.Record> decoder;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final List<HeldRow> rows = new ArrayList<>();
    private BinaryEncoder binaryEncoder;
    private BinaryDecoder binaryDecoder;
    private long bytes;

    private record HeldRow(String key, byte[] encoded) {
    }

    /** Receives the held rows in key order. */
    public interface Sink {
        void accept(GenericData.Record row) throws IOException;
    }

    /** @param rowSchema the schema of the records {@link #add} takes ({@link RowSchema#schema()}) */
    public KeySortedRun(Schema rowSchema) {
        this.encoder = new GenericDatumWriter<>(rowSchema);
        this.decoder = new GenericDatumReader<>(rowSchema);
    }

    public void add(String key, GenericData.Record row) throws IOException {
        buffer.reset();
        binaryEncoder = EncoderFactory.get().binaryEncoder(buffer, binaryEncoder);
        encoder.write(row, binaryEncoder);
        binaryEncoder.flush();
        byte[] encoded = buffer.toByteArray();
        rows.add(new HeldRow(key, encoded));
        bytes += encoded.length + 2L * key.length() + ROW_OVERHEAD_BYTES;
    }

    /** The memory the held rows take, about. */
    public long bytes() {
        return bytes;
    }

    /** Hands every held row on in key order, reusing one record, and forgets them. */
    public void drain(Sink sink) throws IOException {
        rows.sort(Comparator.comparing(HeldRow::key));
        GenericData.Record reuse = null;
        for (HeldRow row : rows) {
            binaryDecoder = DecoderFactory.get().binaryDecoder(row.encoded(), binaryDecoder);
            reuse = decoder.read(reuse, binaryDecoder);
            sink.accept(reuse);
        }
        rows.clear();
        bytes = 0;
    }
}
