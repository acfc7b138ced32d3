package io.snapgrid.snapshot.impl;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;

/**
 * A Parquet file reader that takes the footer and page indexes from {@link FileIndexes} instead of reading them from
 * the file again; Parquet's own filtering (row group statistics, then the pages the column index admits) is unchanged.
 */
final class IndexedFileReader extends ParquetFileReader {

    private final FileIndexes.FileEntry indexes;

    /** @param stream the file's contents; closed with this reader */
    IndexedFileReader(InputFile file, FileIndexes.FileEntry indexes, ParquetReadOptions options,
                      SeekableInputStream stream) throws IOException {
        super(file, indexes.footer(), options, stream);
        this.indexes = indexes;
    }

    @Override
    public OffsetIndex readOffsetIndex(ColumnChunkMetaData column) throws IOException {
        return indexes.offsetIndex(column, () -> super.readOffsetIndex(column));
    }

    @Override
    public ColumnIndex readColumnIndex(ColumnChunkMetaData column) throws IOException {
        return indexes.columnIndex(column, () -> super.readColumnIndex(column));
    }
}
