package io.snapgrid.node.durability;

import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.durability.CorruptSnapshots.Damage;
import io.snapgrid.node.testing.PackagedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start command on a damaged snapshot: the packaged node exits with code 3, naming the damaged file on stderr,
 * rather than staying up not-ready. One kind of damage, a flipped byte in the newest delta of the history of
 * {@link CorruptSnapshots} (written by nodes in this JVM); {@link CorruptSnapshotTest} runs the whole damage matrix
 * and the fallbacks in this JVM.
 */
class CorruptSnapshotIT {

    private static final Duration EXIT_LIMIT = Duration.ofMinutes(3);

    /** Kept when the test fails: it holds the node's log and the damaged root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void thePackagedNodeExitsWithCode3NamingTheDamagedFile() {
        CorruptSnapshots snapshots = new CorruptSnapshots(work.resolve("snapshots"));
        Damage damage = snapshots.damages().get(0);
        Path root = snapshots.damagedCopy(damage, work.resolve("root-" + damage.name()));

        int memberPort = FreePorts.take();
        List<String> flags = new ArrayList<>(List.of(
                "--snapshots.root=" + root.toAbsolutePath(),
                "--cluster.name=it-" + UUID.randomUUID(),
                "--cluster.member-port=" + memberPort,
                "--cluster.members=127.0.0.1:" + memberPort,
                "--cluster.min-size=1"));
        flags.addAll(List.of(CorruptSnapshots.flags(false)));
        try (PackagedNode node = PackagedNode.start(work.resolve("refused"), "node", FreePorts.take(), flags)) {
            assertEquals(3, node.awaitExit(EXIT_LIMIT), damage.name() + ": exit code; log " + node.log());
            String failure = failureMessage(node);
            System.out.println("corrupt snapshot, " + damage.name() + ": exit code 3, " + failure);
            assertTrue(failure.contains(damage.file()), damage.name() + ": the failure should name " + damage.file()
                    + ": " + failure);
        }
    }

    /**
     * What the node printed to stderr as it gave up: the "snapgrid: initial load failed" line and the lines of the
     * message after it (the maps, files and problems, indented), not the log lines around it.
     */
    private static String failureMessage(PackagedNode node) {
        List<String> lines = node.logText().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("snapgrid: initial load failed")) {
                StringBuilder message = new StringBuilder(lines.get(i));
                for (int j = i + 1; j < lines.size() && (lines.get(j).startsWith(" ")
                        || lines.get(j).startsWith("map ")); j++) {
                    message.append('\n').append(lines.get(j));
                }
                return message.toString();
            }
        }
        throw new AssertionError("the node printed no \"snapgrid: initial load failed\"; log " + node.log());
    }
}
