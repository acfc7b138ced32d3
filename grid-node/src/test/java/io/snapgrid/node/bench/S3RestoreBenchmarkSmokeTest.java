package io.snapgrid.node.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Keeps part 4 of the durability benchmark (restore from S3 against the filesystem) runnable: a tiny run must restore
 * every record from both backends (each restoring start verifies it). Nothing about speed.
 */
@Tag("benchmark")
class S3RestoreBenchmarkSmokeTest {

    @Test
    void tinyRunRestoresFromTheFilesystemAndFromS3() throws Exception {
        DurabilityBenchmark.Result result = DurabilityBenchmark.run(DurabilityOptions.parse("--parts=s3-restore",
                "--keys=1", "--restore-nodes=500", "--putall-batch=100"), System.out);

        S3RestoreTiming.Result restore = result.s3Restore();
        assertNotNull(restore);
        assertEquals(500, restore.nodes());
        assertEquals(1, restore.filesystem().size());
        assertEquals(1, restore.s3().size());
        assertEquals(0, result.errors());
    }
}
