package io.snapgrid.k8s;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * REST writers of strong records (inventory.nodes), each over keys of its own, that send every write to a pod the
 * Service would route to (one that is Ready) and record what was acknowledged: a 200 or 201. A write that fails is
 * retried on the same key with the next version, so that the last write of every key is one that was acknowledged.
 */
final class AcknowledgedWrites implements AutoCloseable {

    static final String MAP = "inventory.nodes";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<List<String>> readyPods;
    private final Function<String, PodProcess> podNamed;
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    AcknowledgedWrites(int writerCount, int keysEach, Supplier<List<String>> readyPods,
                       Function<String, PodProcess> podNamed) {
        this.readyPods = readyPods;
        this.podNamed = podNamed;
        for (int w = 0; w < writerCount; w++) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < keysEach; k++) {
                keys.add("x1000c" + w + "s" + k + "b0n0");
            }
            Thread writer = new Thread(() -> write(keys), "writer-" + w);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    private void write(List<String> keys) {
        int version = 0;
        long turn = 0;
        while (running) {
            String key = keys.get((int) (turn % keys.size()));
            List<String> ready = readyPods.get();
            version++;
            if (ready.isEmpty()) {
                pause();
                continue;
            }
            PodProcess pod = podNamed.apply(ready.get((int) (turn % ready.size())));
            try {
                HttpResponse<String> reply = pod.put("/v1/maps/" + MAP + "/entries/" + key, record(key, version),
                        WRITE_TIMEOUT);
                if (reply.statusCode() == 200 || reply.statusCode() == 201) {
                    acknowledged.put(key, version);
                    acks.incrementAndGet();
                    turn++;
                } else {
                    refused.incrementAndGet();
                }
            } catch (UncheckedIOException | IllegalStateException noAnswer) {
                refused.incrementAndGet();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A node record whose nid carries the version, so that a read tells which write it holds. */
    static String record(String key, int version) {
        return """
                {"hostname": "%s", "arch": "x86_64", "role": "Compute", "subrole": null, "state": "Ready", "flag": "OK",
                 "nid": %d, "labels": {}, "bmc": null, "nics": [], "bootImage": null, "kernelParameters": null,
                 "firmwareVersion": null, "allocation": null, "lastHeartbeat": 0}
                """.formatted(key, version);
    }

    long acks() {
        return acks.get();
    }

    long refused() {
        return refused.get();
    }

    /** Every key with the version of its last acknowledged write; call after {@link #close()}. */
    Map<String, Integer> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Stops the writers once their write in flight is answered. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(WRITE_TIMEOUT.multipliedBy(2).toMillis());
        }
    }
}
