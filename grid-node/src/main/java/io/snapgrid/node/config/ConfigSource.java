package io.snapgrid.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a configuration value came from. Errors name it, and a relative path in a value (a schema file)
 * resolves next to it, so a user file can bind schemas that sit beside it.
 */
public sealed interface ConfigSource {

    String describe();

    InputStream open(String path) throws IOException;

    static InputStream openFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return Files.newInputStream(file);
    }

    /** The shipped defaults inside the config jar. */
    record Shipped(String resource) implements ConfigSource {
        static final String ROOT = "snapgrid/";

        @Override
        public String describe() {
            return resource + " (shipped defaults)";
        }

        @Override
        public InputStream open(String path) throws IOException {
            if (Path.of(path).isAbsolute()) {
                return openFile(Path.of(path));
            }
            InputStream in = Shipped.class.getClassLoader().getResourceAsStream(ROOT + path);
            if (in == null) {
                throw new NoSuchFileException("classpath:" + ROOT + path);
            }
            return in;
        }
    }

    record UserFile(Path file) implements ConfigSource {
        @Override
        public String describe() {
            return file.toString();
        }

        @Override
        public InputStream open(String path) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            return openFile(parent.resolve(path));
        }
    }

    /** An environment variable or a command-line flag; relative paths resolve against the working directory. */
    record Inline(String description) implements ConfigSource {
        @Override
        public String describe() {
            return description;
        }

        @Override
        public InputStream open(String path) throws IOException {
            return openFile(Path.of(path));
        }
    }
}
