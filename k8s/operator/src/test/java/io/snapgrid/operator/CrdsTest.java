package io.snapgrid.operator;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridSnapshot;
import io.snapgrid.operator.api.SnapgridSnapshotSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CRDs under k8s/operator/crds are what fabric8's generator makes of the Java types, so the two cannot drift.
 * After changing a type: {@code -Dsnapgrid.crds.write=true} writes them anew (then commit them).
 */
class CrdsTest {

    static final Path CRDS = Path.of(System.getProperty("snapgrid.operator.dir", ".")).resolve("crds");

    @TempDir
    Path temp;

    @Test
    void committedCrdsAreTheGeneratedOnes() throws IOException {
        generate(temp);
        if (Boolean.getBoolean("snapgrid.crds.write")) {
            generate(CRDS);
        }
        assertEquals(files(temp), files(CRDS), "k8s/operator/crds: regenerate with -Dsnapgrid.crds.write=true");
        for (Path generated : files(temp)) {
            assertEquals(Files.readString(temp.resolve(generated)), Files.readString(CRDS.resolve(generated)),
                    generated + " differs from the generated CRD: regenerate with -Dsnapgrid.crds.write=true");
        }
    }

    static void generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        new CRDGenerator().customResourceClasses(SnapgridCluster.class, SnapgridSnapshot.class,
                        SnapgridSnapshotSchedule.class)
                .inOutputDir(dir.toFile()).generate();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(dir::relativize).sorted().toList();
        }
    }
}
