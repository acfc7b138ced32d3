package io.snapgrid.node.durability;

import io.snapgrid.node.health.InitialLoad;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * A member alone in a cluster expected to have 3 has no majority, and Hazelcast's initial load of a class with
 * split-brain protection fails with it ("Loading completed exceptionally": the load writes through the
 * protection). So the member waits for a second member before restoring.
 */
class LoneMemberTest {

    @Test
    void aLoneMemberOfThreeWaitsForAMajorityBeforeRestoring() {
        try (TestCluster lone = TestCluster.start(1, "--cluster.expected-size=3")) {
            InitialLoad load = lone.bean(0, InitialLoad.class);
            await("the restore waits for a majority").until(() ->
                    "waiting for 2 members before restoring snapshots".equals(load.pending()));
        }
    }
}
