package io.snapgrid.node.durability;


import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Writers running at once against one map, each on a thread of its own with keys of its own, every key written
 * again and again with growing versions and every answer put in the ledger. Some keys are deleted and stay so (a
 * tombstone must not be undone by a restore), some deleted and written again (a tombstone must not hide a later
 * write). A key whose write was unknown is left alone from then on (see {@link WriteLedger}).
 */
final class WriteLoad {

    /** Bounds the load even if nobody stops it. */
    private static final int MAX_VERSION = 10_000;

    private final WriteLedger ledger;
    private final List<EntryWriter> writers;
    private final int keysPerWriter;
    private final long pauseMillis;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param pauseMillis between two writes of one thread: weak writes are only memory writes, and unpaced they
     *                    would take the CPU the members need to flush
     */
    WriteLoad(WriteLedger ledger, List<EntryWriter> writers, int keysPerWriter, long pauseMillis) {
        this.ledger = ledger;
        this.writers = List.copyOf(writers);
        this.keysPerWriter = keysPerWriter;
        this.pauseMillis = pauseMillis;
    }

    WriteLoad start() {
        for (int w = 0; w < writers.size(); w++) {
            EntryWriter writer = writers.get(w);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < keysPerWriter; i++) {
                keys.add("w" + w + "-" + i);
            }
            Thread thread = new Thread(() -> write(writer, keys), ledger.map() + " " + writer.name() + " " + w);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Waits until at least {@code count} writes were acknowledged. */
    void awaitAcknowledged(int count) {
        await(count + " writes to " + ledger.map() + " acknowledged (" + ledger.acknowledged() + " so far)")
                .until(() -> ledger.acknowledged() >= count);
    }

    /** Stops every writer after its current write and waits for them. */
    void stop() {
        halt();
        awaitStopped();
    }

    /**
     * Lets no writer start another write; the ones under way end as they will. Called right after a crash, so that
     * the unknown writes in the ledger are those that were in flight, not a round of writes to dead members.
     */
    void halt() {
        stopped.set(true);
    }

    void awaitStopped() {
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (thread.isAlive()) {
                throw new AssertionError("writer " + thread.getName() + " did not stop within 60 s");
            }
        }
    }

    private void write(EntryWriter writer, List<String> keys) {
        List<String> live = new ArrayList<>(keys);
        for (int version = 1; version <= MAX_VERSION && !live.isEmpty(); version++) {
            for (String key : List.copyOf(live)) {
                if (stopped.get()) {
                    return;
                }
                int index = Integer.parseInt(key.substring(key.indexOf('-') + 1));
                boolean delete = (index % 10 == 0 && version == 3) || (index % 10 == 5 && version == 2);
                try {
                    if (delete) {
                        writer.delete(key);
                    } else {
                        writer.put(key, version);
                    }
                    ledger.acknowledged(key, version, delete);
                    if (delete && index % 10 == 0) {
                        live.remove(key);
                    }
                } catch (RuntimeException e) {
                    ledger.unknown(key, version, delete);
                    live.remove(key);
                }
                pause();
            }
        }
    }

    private void pause() {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped.set(true);
            }
        }
    }
}
