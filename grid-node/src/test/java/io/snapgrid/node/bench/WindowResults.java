package io.snapgrid.node.bench;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.JobMaps;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every node-health window result as a Hazelcast Java client sees it arrive: an entry listener on
 * {@code telemetry.node-health} notes, for each update that brings a newer window, the wall-clock time it arrived
 * and the window's end. The window-result latency of an update is {@code arrival - windowEnd}: members, client and
 * event sources share one machine and one clock. An update that leaves an entry's window unchanged (a window
 * replayed after a restart loses to the newer one stored, and the sink still writes the stored value back) is only
 * counted. Events arrive on the client's event threads, hence the lock.
 */
final class WindowResults implements EntryAddedListener<String, GenericRecord>,
        EntryUpdatedListener<String, GenericRecord>, AutoCloseable {

    private static final String WINDOW_END = "windowEnd";

    private final IMap<String, GenericRecord> map;
    private final UUID registration;
    private long[] arrivals = new long[1 << 16];
    private long[] windowEnds = new long[1 << 16];
    private int count;
    private long unchanged;

    private WindowResults(HazelcastInstance client) {
        this.map = client.getMap(JobMaps.NODE_HEALTH);
        this.registration = map.addEntryListener(this, true);
    }

    static WindowResults listen(HazelcastInstance client) {
        return new WindowResults(client);
    }

    @Override
    public void entryAdded(EntryEvent<String, GenericRecord> event) {
        record(event.getValue(), null);
    }

    @Override
    public void entryUpdated(EntryEvent<String, GenericRecord> event) {
        record(event.getValue(), event.getOldValue());
    }

    private void record(GenericRecord value, GenericRecord old) {
        long now = System.currentTimeMillis();
        long end = value.getInt64(WINDOW_END);
        boolean newer = old == null || old.getInt64(WINDOW_END) < end;
        synchronized (this) {
            if (!newer) {
                unchanged++;
                return;
            }
            if (count == arrivals.length) {
                arrivals = Arrays.copyOf(arrivals, count * 2);
                windowEnds = Arrays.copyOf(windowEnds, count * 2);
            }
            arrivals[count] = now;
            windowEnds[count] = end;
            count++;
        }
    }

    synchronized long unchanged() {
        return unchanged;
    }

    synchronized int count() {
        return count;
    }

    /** Window results that arrived in [from, to), with their latencies. */
    synchronized Sample between(long fromMillis, long toMillis) {
        long[] latencies = new long[count];
        int n = 0;
        Map<Long, long[]> windows = new HashMap<>(); // windowEnd -> {results, last arrival}
        for (int i = 0; i < count; i++) {
            if (arrivals[i] >= fromMillis && arrivals[i] < toMillis) {
                latencies[n++] = arrivals[i] - windowEnds[i];
            }
        }
        // A window counts as complete when it has a result for every key; it is attributed to the interval its
        // end falls in, wherever its results arrived.
        for (int i = 0; i < count; i++) {
            if (windowEnds[i] >= fromMillis && windowEnds[i] < toMillis) {
                long[] w = windows.computeIfAbsent(windowEnds[i], end -> new long[2]);
                w[0]++;
                w[1] = Math.max(w[1], arrivals[i]);
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Sample(toMillis - fromMillis, sorted, windows);
    }

    /** The newest window end among results that arrived up to {@code millis}; Long.MIN_VALUE if none did. */
    synchronized long newestWindowEndUpTo(long millis) {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            if (arrivals[i] <= millis) {
                newest = Math.max(newest, windowEnds[i]);
            }
        }
        return newest;
    }

    /** The first arrival after {@code millis} of a result for a window ending after {@code windowEndAbove}; -1 if none. */
    synchronized long[] firstNewerAfter(long millis, long windowEndAbove) {
        long first = -1;
        long end = 0;
        for (int i = 0; i < count; i++) {
            if (arrivals[i] > millis && windowEnds[i] > windowEndAbove && (first < 0 || arrivals[i] < first)) {
                first = arrivals[i];
                end = windowEnds[i];
            }
        }
        return first < 0 ? null : new long[] {first, end};
    }

    /** Distinct window ends among results that arrived after {@code millis}. */
    synchronized long distinctWindowsAfter(long millis) {
        Set<Long> ends = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (arrivals[i] > millis) {
                ends.add(windowEnds[i]);
            }
        }
        return ends.size();
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(registration);
        } catch (RuntimeException ignored) {
            // The client may be shutting down already.
        }
    }

    /**
     * Results of one interval: their latencies, sorted, and per window end in the interval its result count and
     * last arrival.
     */
    record Sample(long millis, long[] sortedLatencies, Map<Long, long[]> windows) {

        int results() {
            return sortedLatencies.length;
        }

        double perSecond() {
            return results() * 1000.0 / millis;
        }

        long percentile(double percent) {
            return LatencyRecorder.percentile(sortedLatencies, percent);
        }

        long max() {
            return sortedLatencies.length == 0 ? 0 : sortedLatencies[sortedLatencies.length - 1];
        }

        /** For each window with a result for every one of {@code keys}: last arrival - window end, sorted. */
        long[] completionLatencies(int keys) {
            return windows.entrySet().stream().filter(w -> w.getValue()[0] >= keys)
                    .mapToLong(w -> w.getValue()[1] - w.getKey()).sorted().toArray();
        }
    }
}
