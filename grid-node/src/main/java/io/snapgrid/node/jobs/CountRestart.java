package io.snapgrid.node.jobs;

import com.hazelcast.map.EntryProcessor;

import java.util.HashMap;
import java.util.Map;

/** Adds one restart to the count a member keeps under a job's id, atomically on the entry's owner. */
record CountRestart(String member) implements EntryProcessor<Long, HashMap<String, Long>, Void> {

    @Override
    public Void process(Map.Entry<Long, HashMap<String, Long>> entry) {
        HashMap<String, Long> counts = entry.getValue() == null ? new HashMap<>() : entry.getValue();
        counts.merge(member, 1L, Long::sum);
        entry.setValue(counts);
        return null;
    }
}
