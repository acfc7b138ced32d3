package io.snapgrid.node.testing;

import io.micronaut.test.support.TestPropertyProvider;

import io.snapgrid.jobs.testing.FreePorts;
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
 * cluster name of its own. Its flags become properties of the test context, over the shipped snapgrid.yaml, and
 * Micronaut binds and checks them as it does the start command's.
 */
public abstract class MicronautTestNode implements TestPropertyProvider {

    /** Real HTTP to this class's node. */
    protected Http http;

    /** Extra --key=value flags of the test class. */
    protected List<String> flags() {
        return List.of();
    }

    @Override
    public Map<String, String> getProperties() {
        int memberPort = FreePorts.take();
        int restPort = FreePorts.take();
        http = new Http("http://127.0.0.1:" + restPort);
        List<String> flags = new ArrayList<>(List.of(
                "--cluster.name=test-" + UUID.randomUUID(),
                "--cluster.member-port=" + memberPort,
                "--cluster.members=127.0.0.1:" + memberPort,
                "--rest.port=" + restPort,
                "--data-dir=" + tempDir()));
        flags.addAll(flags());
        Map<String, String> properties = new HashMap<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            properties.put(flag.substring(2, eq), flag.substring(eq + 1));
        }
        return properties;
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("snapgrid-test-data").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
