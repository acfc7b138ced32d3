package io.snapgrid.node.rest;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One subscriber's place in a {@link ChangeWindow}: it sends the window's changes from its place on, as fast as the
 * HTTP connection asks for them (reactive-streams demand, which Netty stops while the socket is full). It holds no
 * changes of its own; when the window has moved a whole capacity past its place it is cut off: a last event says
 * why and where it stood, and the stream ends.
 */
final class ChangeStream implements Subscription {

    private final ChangeWindow window;
    private final Subscriber<? super Event<String>> subscriber;
    private final Predicate<GenericRecord> filter;
    private final Queue<Event<String>> notices = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger drains = new AtomicInteger();
    /** The next sequence to send; written only while draining. */
    private volatile long next;
    private volatile boolean tooSlow;
    private volatile boolean cancelled;
    private boolean finished;

    ChangeStream(ChangeWindow window, Subscriber<? super Event<String>> subscriber, Predicate<GenericRecord> filter) {
        this.window = window;
        this.subscriber = subscriber;
        this.filter = filter;
    }

    void startAfter(long sequence) {
        next = sequence + 1;
    }

    /** An event sent before any change: the subscription's position, or a gap. */
    void notice(Event<String> event) {
        notices.add(event);
    }

    /**
     * Called after the window appended {@code newest}: false when that overwrote the change this stream was to send
     * next, which cuts it off.
     */
    boolean offered(long newest) {
        if (newest - next >= window.capacity()) {
            tooSlow = true;
        }
        drain();
        return !tooSlow;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            subscriber.onError(new IllegalArgumentException("reactive-streams rule 3.9: request " + n));
            return;
        }
        demand.accumulateAndGet(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        window.leave(this);
    }

    /** Sends what there is demand for; one thread at a time, and again if more came in meanwhile. */
    private void drain() {
        if (drains.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            send();
            missed = drains.addAndGet(-missed);
        } while (missed != 0);
    }

    private void send() {
        while (!finished && !cancelled && demand.get() > 0) {
            Event<String> notice = notices.poll();
            if (notice != null) {
                emit(notice);
                continue;
            }
            if (tooSlow) {
                emit(cutOff());
                finished = true;
                window.leave(this);
                subscriber.onComplete();
                return;
            }
            Change change = window.at(next);
            if (change == null) {
                return;
            }
            next = change.sequence() + 1;
            if (change.passes(filter)) {
                emit(change.event(window.eventId(change.sequence())));
            }
        }
    }

    private void emit(Event<String> event) {
        demand.decrementAndGet();
        subscriber.onNext(event);
    }

    private Event<String> cutOff() {
        String lastEventId = window.eventId(next - 1);
        return Event.of(window.text(window.data().put("reason", "subscriber-too-slow")
                .put("detail", "this subscriber read more slowly than the map changed and fell " + window.capacity()
                        + " changes (rest.change-window) behind; the stream ends here, writers were not held back."
                        + " Resuming from lastEventId reports the changes missed as a gap")
                .put("lastEventId", lastEventId))).name("cut-off");
    }
}
