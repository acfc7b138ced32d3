package io.snapgrid.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * REST writes of strong records (inventory.nodes, as shipped), each to a new key, sent to the members in turn; a
 * key counts as acknowledged when a member answered 200 or 201. A write nobody acknowledged is not retried.
 */
final class StrongWrites implements AutoCloseable {

    static final String MAP = "inventory.nodes";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Supplier<List<URI>> members;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong turn = new AtomicLong();
    private volatile boolean running = true;
    private Thread background;

    StrongWrites(Supplier<List<URI>> members) {
        this.members = members;
    }

    /** Writes keys PREFIX0 .. PREFIX(count-1) from {@code threads} threads, until each is acknowledged. */
    void writeAll(String prefix, int count, int threads) throws InterruptedException {
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int first = t;
            writers[t] = new Thread(() -> {
                for (int i = first; i < count; i += threads) {
                    while (!write(prefix + i)) {
                        Thread.onSpinWait();
                    }
                }
            });
            writers[t].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }

    /** Writes keys PREFIX0, PREFIX1, ... one after the other until {@link #close()}. */
    void keepWriting(String prefix) {
        background = new Thread(() -> {
            for (long i = 0; running; i++) {
                write(prefix + i);
            }
        }, "strong-writer");
        background.start();
    }

    private boolean write(String key) {
        List<URI> all = members.get();
        URI member = all.get((int) (turn.getAndIncrement() % all.size()));
        try {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(member.resolve("/v1/maps/" + MAP
                            + "/entries/" + key)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(record(key))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 200 || reply.statusCode() == 201) {
                acknowledged.add(key);
                return true;
            }
            if (reply.statusCode() >= 400 && reply.statusCode() < 500) {
                // A write the member will never take (a bad record or key): retrying would spin forever.
                throw new AssertionError("PUT " + key + " answered " + reply.statusCode() + ": " + reply.body());
            }
        } catch (IOException noAnswer) {
            // A member stopping or not started: the write was not acknowledged.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refused.incrementAndGet();
        return false;
    }

    private static String record(String key) {
        return """
                {"hostname": "%s", "arch": "x86_64", "role": "Compute", "subrole": null, "state": "Ready", "flag": "OK",
                 "nid": 1, "labels": {}, "bmc": null, "nics": [], "bootImage": null, "kernelParameters": null,
                 "firmwareVersion": null, "allocation": null, "lastHeartbeat": 0}
                """.formatted(key);
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    long refused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (background != null) {
            background.join();
        }
    }
}
