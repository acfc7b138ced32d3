package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.snapgrid.records.inventory.InventoryMaps;

import java.util.Map;

/**
 * Sets each node's flag from its last heartbeat, deciding per entry on its owner so that a heartbeat written
 * meanwhile is seen. Only candidates travel: nodes past the warning limit, and nodes flagged by an earlier round.
 */
record ReconcileNodeFlags(long warnBeforeMillis, long alertBeforeMillis) implements DutyAction<Integer> {

    static final String WARNING = "Warning";
    static final String ALERT = "Alert";
    static final String OK = "OK";

    @Override
    public String describe() {
        return "reconcile node flags (warning before " + warnBeforeMillis + ", alert before " + alertBeforeMillis + ")";
    }

    @Override
    public Integer apply(HazelcastInstance member) {
        Predicate<String, GenericRecord> candidates = Predicates.or(
                Predicates.lessThan("lastHeartbeat", warnBeforeMillis),
                Predicates.in("flag", WARNING, ALERT));
        Map<String, Boolean> changed = member.<String, GenericRecord>getMap(InventoryMaps.NODES)
                .executeOnEntries(new FlagFromHeartbeat(warnBeforeMillis, alertBeforeMillis), candidates);
        return (int) changed.values().stream().filter(Boolean.TRUE::equals).count();
    }

    record FlagFromHeartbeat(long warnBeforeMillis, long alertBeforeMillis)
            implements EntryProcessor<String, GenericRecord, Boolean> {

        @Override
        public Boolean process(Map.Entry<String, GenericRecord> entry) {
            GenericRecord node = entry.getValue();
            if (node == null) {
                return false;
            }
            Long heartbeat = node.getNullableInt64("lastHeartbeat");
            String flag = node.getString("flag");
            if (heartbeat == null || "Locked".equals(flag)) {
                return false;
            }
            String wanted = heartbeat < alertBeforeMillis ? ALERT : heartbeat < warnBeforeMillis ? WARNING : OK;
            boolean flaggedByUs = WARNING.equals(flag) || ALERT.equals(flag);
            if (wanted.equals(flag) || (wanted.equals(OK) && !flaggedByUs)) {
                return false;
            }
            entry.setValue(node.newBuilderWithClone().setString("flag", wanted).build());
            return true;
        }
    }
}
