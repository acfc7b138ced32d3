package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.http.sse.Event;
import io.snapgrid.node.rest.problem.ApiProblem;
import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The last {@code capacity} changes of one map as this member heard them, numbered 1, 2, 3... in arrival order, and
 * the streams sending them. Changes come from one cluster-wide entry listener, so every partition's changes arrive
 * here whichever member owns it. The window is shared: a stream is only its place in it, so a subscriber costs no
 * copy of the changes, and its unsent changes are bounded by the window: one that falls a whole window behind is
 * cut off instead of holding changes back. Writers never wait for it: the listener only appends here.
 * <p>
 * An event id is {@code <window id>-<sequence>}. The window id is new each time a member starts watching the map,
 * so an id from another member, or from before a restart, is recognised as one this window cannot resume from.
 */
final class ChangeWindow {

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String map;
    private final Change[] ring;
    private final Set<ChangeStream> streams = ConcurrentHashMap.newKeySet();
    private final RecordBodies bodies;
    private final ChangeMetrics metrics;
    private long newest;

    ChangeWindow(String map, int capacity, RecordBodies bodies, ChangeMetrics metrics) {
        this.map = map;
        this.ring = new Change[capacity];
        this.bodies = bodies;
        this.metrics = metrics;
    }

    int capacity() {
        return ring.length;
    }

    String eventId(long sequence) {
        return id + "-" + sequence;
    }

    /** A stream of the changes after {@code lastEventId} (after the newest one if null) that pass {@code filter}. */
    Publisher<Event<String>> changes(String lastEventId, Predicate<GenericRecord> filter) {
        return subscriber -> {
            ChangeStream stream = new ChangeStream(this, subscriber, filter);
            join(stream, lastEventId);
            subscriber.onSubscribe(stream);
        };
    }

    /** Places the stream and registers it in one step, so no change falls between its replay and its live part. */
    private synchronized void join(ChangeStream stream, String lastEventId) {
        long resumeAfter = newest;
        String gap = null;
        if (lastEventId != null) {
            long sequence = sequenceOf(lastEventId);
            if (sequence < 0 || sequence > newest) {
                gap = "unknown-position";
            } else if (sequence < newest - ring.length) {
                gap = "older-than-window";
            } else {
                resumeAfter = sequence;
            }
        }
        stream.startAfter(resumeAfter);
        stream.notice(subscribed(resumeAfter));
        if (gap != null) {
            stream.notice(gap(gap, lastEventId, resumeAfter));
        }
        streams.add(stream);
        metrics.subscribed(map);
    }

    /** The sequence an event id of this window names; -1 for another window's id. */
    private long sequenceOf(String lastEventId) {
        String prefix = id + "-";
        return lastEventId.startsWith(prefix) ? Long.parseLong(lastEventId.substring(prefix.length())) : -1;
    }

    /** What a Last-Event-ID must look like; anything else is a malformed header, refused before a stream opens. */
    static void requireEventId(String lastEventId) {
        if (!lastEventId.matches("[0-9a-f]{12}-[0-9]{1,18}")) {
            throw ApiProblem.badRequest("invalid-last-event-id", "Last-Event-ID '" + lastEventId
                    + "' is not an id this feed sent (<window>-<sequence>)").with("lastEventId", lastEventId);
        }
    }

    void leave(ChangeStream stream) {
        if (streams.remove(stream)) {
            metrics.left(map);
        }
    }

    /** The change numbered {@code sequence}, or null once the window has moved past it or before it arrives. */
    synchronized Change at(long sequence) {
        if (sequence > newest || sequence <= newest - ring.length) {
            return null;
        }
        return ring[(int) (sequence % ring.length)];
    }

    void append(Change.Kind kind, GenericRecord before, GenericRecord after, ObjectNode data) {
        long sequence;
        synchronized (this) {
            sequence = ++newest;
            ring[(int) (sequence % ring.length)] = new Change(sequence, kind, before, after, text(data));
        }
        List<ChangeStream> tooSlow = new ArrayList<>();
        for (ChangeStream stream : streams) {
            if (!stream.offered(sequence)) {
                tooSlow.add(stream);
            }
        }
        tooSlow.forEach(stream -> {
            metrics.cutOff(map);
            leave(stream);
        });
    }

    ObjectNode data() {
        return JsonNodeFactory.instance.objectNode();
    }

    private Event<String> subscribed(long after) {
        ObjectNode data = data().put("map", map).put("window", ring.length);
        return Event.of(text(data)).name("subscribed").id(eventId(after));
    }

    private Event<String> gap(String reason, String lastEventId, long after) {
        String detail = reason.equals("older-than-window")
                ? "more than the " + ring.length + " changes this member keeps (rest.change-window) were made since "
                        + lastEventId + "; changes were missed: read the entries again, then follow from here"
                : lastEventId + " is not a position on this member (another member's, or from before it restarted);"
                        + " changes may have been missed: read the entries again, then follow from here";
        ObjectNode data = data().put("reason", reason).put("detail", detail).put("lastEventId", lastEventId);
        return Event.of(text(data)).name("gap").id(eventId(after));
    }

    String text(ObjectNode data) {
        return bodies.text(data);
    }
}
