package io.snapgrid.snapshot.mapstore;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Records of one schema as Avro binary: a restore image holds a map's rows in a fraction of their object size, and a
 * member sends a key's commit-log rows to another in it.
 */
public final class RecordBytes {

    private final GenericDatumWriter<GenericRecord> writer;
    private final GenericDatumReader<GenericRecord> reader;

    public RecordBytes(Schema schema) {
        this.writer = new GenericDatumWriter<>(schema);
        this.reader = new GenericDatumReader<>(schema);
    }

    public byte[] encode(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public GenericRecord decode(byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
