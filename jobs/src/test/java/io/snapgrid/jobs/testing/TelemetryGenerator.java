package io.snapgrid.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but reproducible telemetry for a set of nodes. Temperatures are multiples of 0.25 so that every sum is
 * exact whatever order it is taken in, and averages can be compared exactly.
 */
public final class TelemetryGenerator {

    private final Random random;
    private final List<String> nodes;
    private int sequence;

    public TelemetryGenerator(long seed, List<String> nodes) {
        this.random = new Random(seed);
        this.nodes = nodes;
    }

    public static List<String> nodes(int count) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add("x" + (1000 + i / 8) + "c0s" + i % 8 + "b0n" + i % 2);
        }
        return nodes;
    }

    /** {@code count} events with event times spread over [from, from + span). */
    public List<Telemetry> events(int count, long from, long span) {
        List<Telemetry> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "e-" + sequence++;
            String xname = nodes.get(random.nextInt(nodes.size()));
            long time = from + (long) (random.nextDouble() * span);
            int kind = random.nextInt(10);
            if (kind < 5) {
                events.add(new Telemetry(id, xname, "heartbeat", null, time));
            } else if (kind < 7) {
                events.add(new Telemetry(id, xname, "temperature", 20 + random.nextInt(240) * 0.25, time));
            } else if (kind < 9) {
                events.add(new Telemetry(id, xname, "power", (double) random.nextInt(2), time));
            } else {
                events.add(new Telemetry(id, xname, "fan", random.nextDouble() * 5000, time));
            }
        }
        return events;
    }
}
