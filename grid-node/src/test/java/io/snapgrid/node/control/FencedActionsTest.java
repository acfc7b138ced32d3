package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A side effect runs only under the newest epoch, and only for the member that holds it with a live lease. */
@Tag("cluster")
class FencedActionsTest {

    private static final String MARKS = "fencing-test.marks";

    static TestCluster cluster;

    @BeforeAll
    static void start() {
        // With the default expected size of 1 the oldest member leads from its first check, and the next periodic
        // check is ten minutes away: the leader keeps its lease while the test supersedes its epoch behind its
        // back, as a newer leader it has not noticed yet would.
        cluster = TestCluster.start(2, "--control.check-interval=10m");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void anActionUnderASupersededEpochIsRefusedAndChangesNothing() {
        int leader = ControlState.awaitSingleLeader(cluster);
        long epoch = ControlState.epoch(cluster, leader);
        FencedActions actions = actionsOf(leader);
        assertEquals("before", actions.perform(epoch, new Mark("before")));
        assertEquals(List.of(epoch), epochsLogged(new Mark("before")));

        IMap<String, Leadership> leadership = cluster.member(leader).getMap(ControlMaps.LEADERSHIP);
        leadership.set(ControlMaps.LEADER_KEY,
                new Leadership(epoch + 1, UUID.randomUUID(), "127.0.0.1:1", System.currentTimeMillis()));

        StaleEpochException refused = assertThrows(StaleEpochException.class,
                () -> actions.perform(epoch, new Mark("after")));
        assertTrue(refused.getMessage().contains("superseded by " + (epoch + 1)), refused::getMessage);
        assertEquals(OptionalLong.of(epoch), cluster.bean(leader, ControlLeadership.class).validEpoch(),
                "refused by the leadership record's owner, while the local lease was still live");
        assertFalse(marks().containsKey("after"));
        assertEquals(List.of(), epochsLogged(new Mark("after")));
    }

    @Test
    void aMemberThatDoesNotLeadIsRefusedBeforeActing() {
        int leader = ControlState.awaitSingleLeader(cluster);
        int follower = 1 - leader;
        long newest = cluster.member(follower).<String, Leadership>getMap(ControlMaps.LEADERSHIP)
                .get(ControlMaps.LEADER_KEY).epoch();

        StaleEpochException refused = assertThrows(StaleEpochException.class,
                () -> actionsOf(follower).perform(newest, new Mark("follower")));
        assertTrue(refused.getMessage().startsWith("not leading under epoch " + newest), refused::getMessage);
        assertFalse(marks().containsKey("follower"));
        assertEquals(List.of(), epochsLogged(new Mark("follower")));
    }

    private static FencedActions actionsOf(int index) {
        return new FencedActions(cluster.member(index), cluster.bean(index, ControlLeadership.class),
                cluster.bean(index, ControlMetrics.class));
    }

    private static IMap<String, String> marks() {
        return cluster.member(0).getMap(MARKS);
    }

    /** The epochs under which the action log recorded {@code action}. */
    private static List<Long> epochsLogged(DutyAction<?> action) {
        return cluster.member(0).<String, ActionRecord>getMap(ControlMaps.ACTIONS).values().stream()
                .filter(record -> record.action().equals(action.describe()))
                .map(ActionRecord::epoch).toList();
    }

    /** A visible side effect: one entry in a map of its own. */
    record Mark(String name) implements DutyAction<String> {

        @Override
        public String describe() {
            return "mark " + name;
        }

        @Override
        public String apply(HazelcastInstance member) {
            member.getMap(MARKS).set(name, name);
            return name;
        }
    }
}
