package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotFormat;
import io.snapgrid.snapshot.SnapshotFormatException;
import io.snapgrid.snapshot.SnapshotStorageException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetInputFormat;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * The one place that configures parquet-avro, so that snapshot writers, readers and benchmarks agree. Everything
 * goes through {@link PlainParquetConfiguration} and {@link ParquetCodecs}: no Hadoop Configuration is ever made.
 */
public final class ParquetFiles {

    /** Keys of AvroReadSupport that it offers setters for only on Hadoop's Configuration. */
    private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";

    private ParquetFiles() {
    }

    /**
     * A writer of records of {@code schema}, to be built once the caller has added its own column settings. Lists
     * use Parquet's standard three-level layout rather than parquet-avro's legacy two-level one, which other readers
     * (DuckDB, Spark, pyarrow) interpret reliably.
     */
    /**
     * The largest dictionary a column keeps before it falls back to plain encoding. Parquet's 1 MB default let
     * columns that hardly repeat (hostnames, MACs, addresses) build a large dictionary and then re-encode every
     * value plain: a JFR profile of weak flushes showed a quarter of their samples in that dictionary work. Columns
     * that do repeat (states, roles, images) need only a few kilobytes.
     */
    static final int DICTIONARY_PAGE_BYTES = 64 * 1024;

    public static AvroParquetWriter.Builder<GenericRecord> writer(OutputFile file, Schema schema,
                                                                  SnapshotFormat format) {
        ParquetConfiguration conf = new PlainParquetConfiguration(Map.of(
                AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false"));
        return AvroParquetWriter.<GenericRecord>builder(file)
                .withConf(conf)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(ParquetCodecs.codecName(format.compression()))
                .withRowGroupSize(format.rowGroupBytes())
                .withDictionaryPageSize(DICTIONARY_PAGE_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.CREATE);
    }

    /**
     * A reader of every column, producing records of {@code readSchema}: the file's schema or an evolution of it by
     * Avro's rules (fields the file lacks take their defaults).
     */
    public static ParquetReader<GenericRecord> reader(InputFile file, Schema readSchema) throws IOException {
        return reader(file, Map.of(AVRO_READ_SCHEMA, readSchema.toString()));
    }

    /** As {@link #reader(InputFile, Schema)}, handing on only the rows whose key lies in {@code keys}. */
    public static ParquetReader<GenericRecord> reader(InputFile file, Schema readSchema, KeyRange keys)
            throws IOException {
        return reader(file, Map.of(AVRO_READ_SCHEMA, readSchema.toString()), keys.filter());
    }

    /** A reader of only the columns of {@code projection}, a subset of the file's fields. */
    public static ParquetReader<GenericRecord> projectedReader(InputFile file, Schema projection) throws IOException {
        return projectedReader(file, projection, KeyRange.ALL);
    }

    /** As {@link #projectedReader(InputFile, Schema)}, handing on only the rows whose key lies in {@code keys}. */
    public static ParquetReader<GenericRecord> projectedReader(InputFile file, Schema projection, KeyRange keys)
            throws IOException {
        return reader(file, Map.of(AVRO_READ_SCHEMA, projection.toString(),
                AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString()), keys.filter());
    }

    private static ParquetReader<GenericRecord> reader(InputFile file, Map<String, String> settings)
            throws IOException {
        return reader(file, settings, FilterCompat.NOOP);
    }

    private static ParquetReader<GenericRecord> reader(InputFile file, Map<String, String> settings,
                                                       FilterCompat.Filter filter) throws IOException {
        return AvroParquetReader.<GenericRecord>builder(file, configuration(settings))
                .withDataModel(GenericData.get())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withFilter(filter)
                .build();
    }

    private static PlainParquetConfiguration configuration(Map<String, String> settings) {
        PlainParquetConfiguration conf = new PlainParquetConfiguration(settings);
        // The compatibility converter predates three-level lists and ignores the read schema's defaults.
        conf.set(AvroReadSupport.AVRO_COMPATIBILITY, "false");
        // Writers store a CRC per page; checking it catches a file damaged after it was verified.
        conf.set(ParquetInputFormat.PAGE_VERIFY_CHECKSUM_ENABLED, "true");
        // parquet-mr's defaults, stated so that key lookups cannot quietly fall back to reading every page.
        conf.set(ParquetInputFormat.STATS_FILTERING_ENABLED, "true");
        conf.set(ParquetInputFormat.COLUMN_INDEX_FILTERING_ENABLED, "true");
        return conf;
    }

    /**
     * The settings of {@link #reader} for a {@link ParquetFileReader} that a caller drives itself. The dictionary and
     * Bloom filters are off: the writers make neither for keys, which hardly repeat, so they could only cost a look.
     *
     * @param readSchema null: the file's own schema
     */
    static ParquetReadOptions readOptions(Schema readSchema, FilterCompat.Filter filter) {
        PlainParquetConfiguration conf = configuration(
                readSchema == null ? Map.of() : Map.of(AVRO_READ_SCHEMA, readSchema.toString()));
        return ParquetReadOptions.builder(conf)
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withRecordFilter(filter)
                .useDictionaryFilter(false)
                .useBloomFilter(false)
                .build();
    }

    /**
     * The records of {@code rows}, one row ranges per row group of {@code reader}, that its filter admits, assembled
     * as {@link #reader} would; the rows of other ranges are skipped undecoded. Each row is read on its own: Parquet's
     * row synchronisation stops loading pages once it has taken the last wanted row index from the ranges, so with
     * several rows in one read the last one, when it lies in a later page, would be read from the page before.
     */
    static List<GenericRecord> records(ParquetFileReader reader, ParquetReadOptions options, List<RowRanges> rows)
            throws IOException {
        FileMetaData file = reader.getFooter().getFileMetaData();
        MessageType fileSchema = file.getSchema();
        ParquetConfiguration conf = options.getConfiguration();
        AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
        Map<String, Set<String>> metadata = new HashMap<>();
        file.getKeyValueMetaData().forEach((name, value) -> metadata.put(name, Collections.singleton(value)));
        ReadSupport.ReadContext context = support.init(new InitContext(conf, metadata, fileSchema));
        reader.setRequestedSchema(context.getRequestedSchema());
        RecordMaterializer<GenericRecord> materializer = support.prepareForRead(conf, file.getKeyValueMetaData(),
                fileSchema, context);
        MessageColumnIO columns = new ColumnIOFactory(file.getCreatedBy())
                .getColumnIO(context.getRequestedSchema(), fileSchema, true);
        List<GenericRecord> records = new ArrayList<>();
        for (int group = 0; group < rows.size(); group++) {
            for (PrimitiveIterator.OfLong wanted = rows.get(group).iterator(); wanted.hasNext(); ) {
                long row = wanted.nextLong();
                PageReadStore pages = reader.readFilteredRowGroup(group,
                        RowRanges.builder().addSelectedRow(row).build());
                RecordReader<GenericRecord> assembled = columns.getRecordReader(pages, materializer,
                        options.getRecordFilter());
                GenericRecord record = assembled.read();
                if (!assembled.shouldSkipCurrentRecord() && record != null) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** Parquet reports damaged data with bare EOFExceptions and unchecked exceptions; this names the file. */
    public static GenericRecord next(ParquetReader<GenericRecord> reader, String path) throws IOException {
        try {
            return reader.read();
        } catch (SnapshotStorageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SnapshotFormatException(path, "cannot read rows: " + e, e);
        }
    }

    /** The row count the file's footer records. */
    public static long rowCount(InputFile file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .build();
        try (ParquetFileReader reader = ParquetFileReader.open(file, options)) {
            return reader.getRecordCount();
        }
    }
}
