package io.snapgrid.node.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.node.testing.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A telemetry event as a REST client sends it to {@code POST /v1/telemetry}. Temperatures are multiples of 0.25,
 * so sums and averages are exact whatever order they are taken in and can be compared with {@code equals}.
 */
record SentEvent(String id, String xname, String kind, Double value, long eventTime) {

    static SentEvent heartbeat(String id, String xname, long eventTime) {
        return new SentEvent(id, xname, "heartbeat", null, eventTime);
    }

    ObjectNode toJson() {
        ObjectNode event = Http.JSON.createObjectNode();
        event.put("id", id);
        event.put("xname", xname);
        event.put("kind", kind);
        if (value != null) {
            event.put("value", value);
        }
        event.put("eventTime", eventTime);
        return event;
    }

    static String batch(List<SentEvent> events) {
        ArrayNode array = Http.JSON.createArrayNode();
        events.forEach(event -> array.add(event.toJson()));
        return array.toString();
    }

    /** Random but reproducible heartbeats, temperatures and power readings for a set of nodes. */
    static final class Generator {

        private final Random random;
        private final String prefix;
        private int sequence;

        Generator(long seed, String prefix) {
            this.random = new Random(seed);
            this.prefix = prefix;
        }

        /** {@code count} events of {@code nodes} with event times spread over [from, from + span). */
        List<SentEvent> mixed(List<String> nodes, int count, long from, long span) {
            List<SentEvent> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = prefix + sequence++;
                String xname = nodes.get(random.nextInt(nodes.size()));
                long time = from + (long) (random.nextDouble() * span);
                int kind = random.nextInt(10);
                if (kind < 5) {
                    events.add(heartbeat(id, xname, time));
                } else if (kind < 8) {
                    events.add(new SentEvent(id, xname, "temperature", 20 + random.nextInt(240) * 0.25, time));
                } else {
                    events.add(new SentEvent(id, xname, "power", (double) random.nextInt(2), time));
                }
            }
            return events;
        }

        /** {@code count} heartbeats of {@code nodes} with event times spread over [from, from + span). */
        List<SentEvent> heartbeats(List<String> nodes, int count, long from, long span) {
            List<SentEvent> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                events.add(heartbeat(prefix + sequence++, nodes.get(random.nextInt(nodes.size())),
                        from + (long) (random.nextDouble() * span)));
            }
            return events;
        }
    }
}
