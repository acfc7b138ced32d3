package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A changed setting restarts the three members one at a time, highest ordinal first, each once every member is
 * ready and the cluster safe, under strong writes: every acknowledged write is there after the roll. The simulated
 * controller counts pods down at once (deleted, stopping, or restarted and not yet ready); the cluster's Progressing
 * condition is watched as the API server records it.
 */
@Tag("cluster")
@EnableKubernetesMockClient(crud = true)
class RollingRestartTest {

    private static final int WRITTEN_BEFORE = 2_000;
    private static final Duration ROLL_LIMIT = Duration.ofMinutes(10);

    KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void aChangedSettingRestartsOnePodAtATimeAndLosesNoAcknowledgedStrongWrite() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        try (SimulatedStatefulSets sets = new SimulatedStatefulSets(client, OperatorFixture.NAMESPACE, temp);
             OperatorFixture operator = new OperatorFixture(client, sets::rest);
             Watch watch = client.resources(SnapgridCluster.class).inNamespace(OperatorFixture.NAMESPACE)
                     .withName("grid").watch(recordProgress(progress));
             StrongWrites writes = new StrongWrites(sets::restAddresses)) {
            operator.create("grid", new SnapgridClusterSpec());
            await("3 members ready and safe").until(() -> operator.conditionIs("grid", Conditions.READY, "True")
                    && operator.conditionIs("grid", Conditions.CLUSTER_SAFE, "True"));
            String before = revisions().iterator().next();

            writes.writeAll("before-", WRITTEN_BEFORE, 4);
            writes.keepWriting("during-");
            operator.edit("grid", cluster -> cluster.getSpec().setConfig(
                    Map.of("control", Map.of("node-health", Map.of("interval", "20s")))));

            await("every pod restarted and the roll done").atMost(ROLL_LIMIT).until(() ->
                    sets.restarts().size() == 3
                            && operator.condition("grid", Conditions.PROGRESSING)
                            .filter(c -> c.getReason().equals(RollingRestart.DONE)).isPresent()
                            && operator.conditionIs("grid", Conditions.READY, "True")
                            && operator.conditionIs("grid", Conditions.CLUSTER_SAFE, "True"));
            writes.close();

            assertEquals(List.of("grid-2", "grid-1", "grid-0"), sets.restarts(), "order of restarts");
            assertEquals(1, sets.mostDownAtOnce(), "pods down at once");
            Set<String> after = revisions();
            assertEquals(1, after.size(), "revisions of the pods: " + after);
            assertNotEquals(before, after.iterator().next());
            assertEquals(after.iterator().next(), OwnedObjects.revision(client.apps().statefulSets()
                    .inNamespace(OperatorFixture.NAMESPACE).withName("grid").get().getSpec().getTemplate()
                    .getMetadata()));
            for (String pod : List.of("grid-2", "grid-1", "grid-0")) {
                assertTrue(progress.stream().anyMatch(p -> p.startsWith("True RollingRestart: restarting " + pod)),
                        pod + " in " + progress);
            }
            assertEquals("False RolledOut", progress.get(progress.size() - 1).split(":")[0]);

            Set<String> acknowledged = writes.acknowledged();
            Set<Object> held = new HashSet<>(sets.member("grid-0").getMap(StrongWrites.MAP).keySet());
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(held);
            System.out.printf("rolling restart of 3 members: %d strong writes acknowledged (%d during the roll),"
                            + " %d not acknowledged; progress: %s%n", acknowledged.size(),
                    acknowledged.size() - WRITTEN_BEFORE, writes.refused(), progress);
            assertTrue(acknowledged.size() > WRITTEN_BEFORE, "no write acknowledged during the roll");
            assertEquals(Set.of(), lost, "acknowledged writes lost");
        }
    }

    private Set<String> revisions() {
        Set<String> revisions = new HashSet<>();
        for (Pod pod : client.pods().inNamespace(OperatorFixture.NAMESPACE).list().getItems()) {
            revisions.add(OwnedObjects.revision(pod.getMetadata()));
        }
        return revisions;
    }

    /** Each distinct Progressing condition, as "STATUS REASON MESSAGE". */
    private static Watcher<SnapgridCluster> recordProgress(List<String> progress) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, SnapgridCluster cluster) {
                if (cluster.getStatus() == null) {
                    return;
                }
                Conditions.find(cluster.getStatus(), Conditions.PROGRESSING).ifPresent(c -> {
                    String text = c.getStatus() + " " + c.getReason() + ": " + c.getMessage();
                    if (progress.isEmpty() || !progress.get(progress.size() - 1).equals(text)) {
                        progress.add(text);
                    }
                });
            }

            @Override
            public void onClose(WatcherException cause) {
                assertTrue(cause == null, "watch closed: " + cause);
            }
        };
    }
}
