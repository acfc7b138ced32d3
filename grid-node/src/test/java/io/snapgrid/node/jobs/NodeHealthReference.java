package io.snapgrid.node.jobs;

import io.snapgrid.jobs.health.NodeHealthWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the node-health job must write for a list of events, by brute force and sharing no code with the job:
 * a window ending at E (a multiple of the slide) covers event times in [E - size, E); for each node and window the
 * events are filtered from the whole list and aggregated on the spot.
 */
final class NodeHealthReference {

    private NodeHealthReference() {
    }

    /** Every window holding at least one event of its node, by {@code xname@windowEnd}. */
    static Map<String, NodeHealthWindow> nonEmptyWindows(List<SentEvent> events, long size, long slide) {
        Map<String, TreeSet<Long>> endsByNode = new TreeMap<>();
        for (SentEvent event : events) {
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
    static NodeHealthWindow window(List<SentEvent> events, String xname, long start, long end) {
        long heartbeats = 0;
        Long lastHeartbeat = null;
        Double min = null;
        Double max = null;
        double sum = 0;
        int temperatures = 0;
        List<SentEvent> power = new ArrayList<>();
        for (SentEvent event : events) {
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
        power.sort(Comparator.comparingLong(SentEvent::eventTime).thenComparing(SentEvent::id));
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
    static Map<String, Long> lastHeartbeats(List<SentEvent> events) {
        Map<String, Long> last = new TreeMap<>();
        events.stream().filter(event -> event.kind().equals("heartbeat"))
                .forEach(event -> last.merge(event.xname(), event.eventTime(), Math::max));
        return last;
    }

    /** A readable difference of two window maps, for assertion messages. */
    static <V> String diff(Map<String, V> expected, Map<String, V> actual) {
        StringBuilder out = new StringBuilder();
        expected.forEach((key, value) -> {
            V other = actual.get(key);
            if (!value.equals(other)) {
                out.append("\n  ").append(key).append(": expected ").append(value).append(", got ").append(other);
            }
        });
        actual.forEach((key, value) -> {
            if (!expected.containsKey(key)) {
                out.append("\n  ").append(key).append(": unexpected ").append(value);
            }
        });
        return out.toString();
    }
}
