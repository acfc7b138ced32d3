package io.snapgrid.node.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.support.TestPropertyProvider;
import io.snapgrid.node.GridNode;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.config.SnapgridSettings;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Base of {@code @MicronautTest} classes: one real node (embedded member and REST server) on free ports with a
 * cluster name of its own. Its settings go through the same loader as the start command's flags.
 */
public abstract class MicronautTestNode implements TestPropertyProvider {

    static final String FLAGS = "snapgrid.test.flags";

    /** Real HTTP to this class's node. */
    protected Http http;

    /** Extra --key=value flags of the test class. */
    protected List<String> flags() {
        return List.of();
    }

    @Override
    public Map<String, String> getProperties() {
        int memberPort = TestCluster.freePort();
        int restPort = TestCluster.freePort();
        http = new Http("http://127.0.0.1:" + restPort);
        List<String> flags = new ArrayList<>(List.of(
                "--cluster.name=test-" + UUID.randomUUID(),
                "--cluster.member-port=" + memberPort,
                "--cluster.members=127.0.0.1:" + memberPort,
                "--rest.port=" + restPort,
                "--data-dir=" + tempDir()));
        flags.addAll(flags());
        Map<String, String> properties = new HashMap<>();
        GridNode.micronautProperties(load(flags)).forEach((key, value) -> properties.put(key, String.valueOf(value)));
        // Newlines, not commas: flag values such as a member list contain commas.
        properties.put(FLAGS, String.join("\n", flags));
        return properties;
    }

    static SnapgridSettings load(List<String> flags) {
        return SettingsLoader.load(flags, Map.of());
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("snapgrid-test-data").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Factory
    @Requires(property = FLAGS)
    static class Settings {
        @Singleton
        SnapgridSettings settings(@Value("${" + FLAGS + "}") String flags) {
            return load(List.of(flags.split("\n")));
        }
    }
}
