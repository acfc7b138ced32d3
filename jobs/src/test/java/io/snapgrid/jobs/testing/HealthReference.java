package io.snapgrid.jobs.testing;

import io.snapgrid.jobs.health.NodeHealthWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node-health windows an event list must produce, computed by brute force in the manner of Jet's
 * SlidingWindowSimulator: every window end E that is a multiple of the slide covers event times in [E - size, E);
 * for each node and each window holding at least one of its events, the events are filtered from the whole list
 * and aggregated on the spot. It shares no code with the job.
 */
public final class HealthReference {

    private HealthReference() {
    }

    /** Non-empty windows (as {@link NodeHealthWindow#isEmpty()} defines it) by {@code xname@windowEnd}. */
    public static Map<String, NodeHealthWindow> windows(List<Telemetry> events, long size, long slide) {
        Map<String, TreeSet<Long>> endsByNode = new TreeMap<>();
        for (Telemetry event : events) {
            long firstEnd = Math.floorDiv(event.eventTime(), slide) * slide + slide;
            for (long end = firstEnd; end - size <= event.eventTime(); end += slide) {
                endsByNode.computeIfAbsent(event.xname(), x -> new TreeSet<>()).add(end);
            }
        }
        Map<String, NodeHealthWindow> windows = new TreeMap<>();
        endsByNode.forEach((xname, ends) -> {
            for (long end : ends) {
                NodeHealthWindow window = window(events, xname, end - size, end);
                if (!window.isEmpty()) {
                    windows.put(xname + "@" + end, window);
                }
            }
        });
        return windows;
    }

    /** The window [start, end) of one node, empty or not. */
    public static NodeHealthWindow window(List<Telemetry> events, String xname, long start, long end) {
        long heartbeats = 0;
        Long lastHeartbeat = null;
        Double min = null;
        Double max = null;
        double sum = 0;
        int temperatures = 0;
        List<Telemetry> power = new ArrayList<>();
        for (Telemetry event : events) {
            if (!event.xname().equals(xname) || event.eventTime() < start || event.eventTime() >= end) {
                continue;
            }
            switch (event.kind()) {
                case "heartbeat" -> {
                    heartbeats++;
                    lastHeartbeat = lastHeartbeat == null ? event.eventTime()
                            : Math.max(lastHeartbeat, event.eventTime());
                }
                case "temperature" -> {
                    min = min == null ? event.value() : Math.min(min, event.value());
                    max = max == null ? event.value() : Math.max(max, event.value());
                    sum += event.value();
                    temperatures++;
                }
                case "power" -> power.add(event);
                default -> {
                }
            }
        }
        power.sort(Comparator.comparingLong(Telemetry::eventTime).thenComparing(Telemetry::id));
        long transitions = 0;
        for (int i = 1; i < power.size(); i++) {
            if (!power.get(i).value().equals(power.get(i - 1).value())) {
                transitions++;
            }
        }
        return new NodeHealthWindow(xname, start, end, heartbeats, lastHeartbeat, min, max,
                temperatures == 0 ? null : sum / temperatures, transitions);
    }

    /** The latest heartbeat time of each node that sent one. */
    public static Map<String, Long> lastHeartbeats(List<Telemetry> events) {
        Map<String, Long> last = new TreeMap<>();
        events.stream().filter(event -> event.kind().equals("heartbeat"))
                .forEach(event -> last.merge(event.xname(), event.eventTime(), Math::max));
        return last;
    }
}
