package io.snapgrid.node.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.jobs.testing.Telemetry;
import io.snapgrid.node.testing.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Telemetry events (the jobs module's test {@link Telemetry}, which its reference simulator reads) as a REST client
 * sends them to {@code POST /v1/telemetry}. Temperatures are multiples of 0.25, so sums and averages are exact
 * whatever order they are taken in and can be compared with {@code equals}.
 */
final class SentEvents {

    private SentEvents() {
    }

    static ObjectNode toJson(Telemetry sent) {
        ObjectNode event = Http.JSON.createObjectNode();
        event.put("id", sent.id());
        event.put("xname", sent.xname());
        event.put("kind", sent.kind());
        if (sent.value() != null) {
            event.put("value", sent.value());
        }
        event.put("eventTime", sent.eventTime());
        return event;
    }

    static String batch(List<Telemetry> events) {
        ArrayNode array = Http.JSON.createArrayNode();
        events.forEach(event -> array.add(toJson(event)));
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
        List<Telemetry> mixed(List<String> nodes, int count, long from, long span) {
            List<Telemetry> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = prefix + sequence++;
                String xname = nodes.get(random.nextInt(nodes.size()));
                long time = from + (long) (random.nextDouble() * span);
                int kind = random.nextInt(10);
                if (kind < 5) {
                    events.add(Telemetry.heartbeat(id, xname, time));
                } else if (kind < 8) {
                    events.add(new Telemetry(id, xname, "temperature", 20 + random.nextInt(240) * 0.25, time));
                } else {
                    events.add(new Telemetry(id, xname, "power", (double) random.nextInt(2), time));
                }
            }
            return events;
        }

        /** {@code count} heartbeats of {@code nodes} with event times spread over [from, from + span). */
        List<Telemetry> heartbeats(List<String> nodes, int count, long from, long span) {
            List<Telemetry> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                events.add(Telemetry.heartbeat(prefix + sequence++, nodes.get(random.nextInt(nodes.size())),
                        from + (long) (random.nextDouble() * span)));
            }
            return events;
        }
    }
}
