package io.snapgrid.operator;

import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.snapgrid.operator.api.ClusterMember;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 3 → 5 → 3 members: up at once, down one member at a time, each once the cluster is ready and safe again. The
 * StatefulSet's replica counts are watched as the API server records them; the simulated controller counts members
 * stopping together. Entries written before scaling are all there after, and so is every strong write acknowledged
 * before or during it.
 */
@Tag("cluster")
@EnableKubernetesMockClient(crud = true)
class ScaleTest {

    private static final int ENTRIES = 10_000;

    KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void scalesDownOneSafeStepAtATime() throws Exception {
        List<Integer> replicaCounts = new CopyOnWriteArrayList<>();
        try (SimulatedStatefulSets sets = new SimulatedStatefulSets(client, OperatorFixture.NAMESPACE, temp);
             OperatorFixture operator = new OperatorFixture(client, sets::rest);
             Watch watch = client.apps().statefulSets().inNamespace(OperatorFixture.NAMESPACE).withName("grid")
                     .watch(recordReplicas(replicaCounts))) {
            operator.create("grid", new SnapgridClusterSpec());
            await("3 members ready").until(() -> readyWith(operator, 3));

            // One backup (storage class telemetry.): a member leaving alone loses nothing; two at once could.
            IMap<Integer, String> map = sets.member("grid-0").getMap("telemetry.scale-test");
            Map<Integer, String> entries = new HashMap<>();
            for (int i = 0; i < ENTRIES; i++) {
                entries.put(i, "value-" + i);
            }
            map.putAll(entries);
            Set<String> acknowledged;
            try (StrongWrites writes = new StrongWrites(sets::restAddresses)) {
                writes.writeAll("before-", ENTRIES, 16);
                writes.keepWriting("during-");

                resize(operator, 5);
                await("5 members ready").until(() -> readyWith(operator, 5));
                resize(operator, 3);
                await("3 members ready again").until(() -> readyWith(operator, 3));
                writes.close();
                acknowledged = writes.acknowledged();
            }

            assertEquals(1, sets.mostStoppingAtOnce(), "members stopping at the same time");
            List<Integer> downs = replicaCounts.subList(replicaCounts.indexOf(5), replicaCounts.size());
            assertEquals(List.of(5, 4, 3), downs.stream().distinct().toList(), "replica counts " + replicaCounts);
            assertEquals(ENTRIES, sets.member("grid-0").getMap("telemetry.scale-test").size());
            assertEquals(entries, Map.copyOf(sets.member("grid-1").<Integer, String>getMap("telemetry.scale-test")));
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(sets.member("grid-0").<String, Object>getMap(StrongWrites.MAP).keySet());
            System.out.printf("scaling 3 -> 5 -> 3: %d strong writes acknowledged (%d while scaling), %d lost%n",
                    acknowledged.size(), acknowledged.size() - ENTRIES, lost.size());
            assertTrue(acknowledged.size() > ENTRIES, "no strong write acknowledged while scaling");
            assertEquals(Set.of(), lost, "acknowledged strong writes lost");
        }
    }

    private static boolean readyWith(OperatorFixture operator, int members) {
        SnapgridCluster cluster = operator.get("grid");
        return operator.conditionIs("grid", Conditions.READY, "True")
                && operator.conditionIs("grid", Conditions.CLUSTER_SAFE, "True")
                && cluster.getStatus().getMembers().size() == members
                && cluster.getStatus().getMembers().stream().allMatch(ClusterMember::ready);
    }

    private static void resize(OperatorFixture operator, int replicas) {
        operator.edit("grid", cluster -> cluster.getSpec().setReplicas(replicas));
    }

    private static Watcher<StatefulSet> recordReplicas(List<Integer> counts) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, StatefulSet set) {
                int replicas = set.getSpec().getReplicas();
                if (counts.isEmpty() || counts.get(counts.size() - 1) != replicas) {
                    counts.add(replicas);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                assertTrue(cause == null, "watch closed: " + cause);
            }
        };
    }
}
