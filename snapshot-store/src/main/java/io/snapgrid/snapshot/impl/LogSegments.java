package io.snapgrid.snapshot.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The segment files of one commit log directory: {@code <sequence, 20 digits>.log}, each starting with
 * {@link #MAGIC}. A new segment is written to a hidden temporary name with its header, fsync'd and renamed, so a
 * segment under its name always has a whole header.
 */
public final class LogSegments {

    public static final byte[] MAGIC = "SGLOG01\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.log");

    private LogSegments() {
    }

    /** Segments in sequence order; temporary files of a creation that did not finish are removed. */
    /** The segments in sequence order, touching nothing: for reading a log another process owns. */
    public static List<Path> peek(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> NAME.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
    }

    public static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            for (Path file : all) {
                if (file.getFileName().toString().startsWith(".")) {
                    Files.deleteIfExists(file);
                }
            }
            return all.stream().filter(file -> NAME.matcher(file.getFileName().toString()).matches())
                    .sorted().toList();
        }
    }

    public static long sequence(Path segment) {
        Matcher matcher = NAME.matcher(segment.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a commit log segment: " + segment);
        }
        return Long.parseLong(matcher.group(1));
    }

    public static Path path(Path directory, long sequence) {
        return directory.resolve(String.format("%020d.log", sequence));
    }

    /** Creates the segment with its header, durable in its directory. */
    public static void create(Path segment) throws IOException {
        Path temporary = segment.resolveSibling("." + segment.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(MAGIC));
            channel.force(false);
        }
        Files.move(temporary, segment, StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(segment.getParent());
    }
}
