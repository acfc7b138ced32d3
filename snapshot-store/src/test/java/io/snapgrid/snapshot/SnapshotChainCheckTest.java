package io.snapgrid.snapshot;

import io.snapgrid.snapshot.VerificationProblem.Kind;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest-only chain check that restore applies, for maps with and without a full snapshot. */
class SnapshotChainCheckTest {

    private static final String MAP = "inventory.nodes";

    @TempDir
    Path dir;

    private final NodeRows nodes = new NodeRows(20);

    @Test
    void deltasFromTheFirstSnapshotOnAreARestorableChain() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 10, 1, "Ready"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(5, 15, 2, "Halt"));
        List<SnapshotManifest> manifests = new SnapshotCatalog(storage).manifests(MAP);

        assertTrue(SnapshotVerifier.checkRestoreChain(MAP, manifests).ok());
        assertEquals(List.of(Kind.NO_FULL_SNAPSHOT), kinds(SnapshotVerifier.checkChain(MAP, manifests)),
                "checkChain still wants a full snapshot");
    }

    @Test
    void deltasMissingTheirFirstSnapshotAreNot() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 10, 1, "Ready"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(5, 15, 2, "Halt"));
        storage.delete(SnapshotLayout.manifestPath(MAP, 1));

        VerificationReport report = SnapshotVerifier.checkRestoreChain(MAP, new SnapshotCatalog(storage).manifests(MAP));

        assertEquals(List.of(new VerificationProblem(SnapshotLayout.manifestPath(MAP, 1), Kind.MISSING_MANIFEST,
                "snapshot 1 is needed to restore every change since the first snapshot up to snapshot 2")),
                report.problems());
    }

    @Test
    void withAFullSnapshotItIsCheckChain() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(storage, MAP, SnapshotKind.FULL, nodes.upserts(0, 10, 1, "Ready"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(5, 15, 2, "Halt"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(5, 15, 3, "Off"));
        storage.delete(SnapshotLayout.manifestPath(MAP, 2));
        List<SnapshotManifest> manifests = new SnapshotCatalog(storage).manifests(MAP);

        assertEquals(SnapshotVerifier.checkChain(MAP, manifests), SnapshotVerifier.checkRestoreChain(MAP, manifests));
        assertEquals(List.of(Kind.MISSING_MANIFEST), kinds(SnapshotVerifier.checkRestoreChain(MAP, manifests)));
    }

    private static List<Kind> kinds(VerificationReport report) {
        return report.problems().stream().map(VerificationProblem::kind).toList();
    }
}
