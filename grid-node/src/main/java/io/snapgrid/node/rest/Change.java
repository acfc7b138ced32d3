package io.snapgrid.node.rest;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.http.sse.Event;

import java.util.function.Predicate;

/**
 * One change of a map as a member's {@link ChangeWindow} heard it, numbered in arrival order, with the event the
 * feed sends for it already rendered (once, however many streams send it). {@code before} and {@code after} are the
 * grid's values around the change, kept for the streams' filters.
 */
record Change(long sequence, Kind kind, GenericRecord before, GenericRecord after, String data) {

    enum Kind {
        /** An entry written: created, replaced, patched or merged after a split brain. */
        PUT("put"),
        /** An entry gone: removed, expired, or evicted from a map that keeps nothing elsewhere. */
        REMOVE("remove"),
        /** Every entry removed at once ({@code IMap.clear}). */
        CLEAR("clear"),
        /** Changes may be missing here: a member left while it may still have been sending some. */
        GAP("gap");

        final String event;

        Kind(String event) {
            this.event = event;
        }
    }

    /**
     * Whether a stream filtering records by {@code filter} sends this change: a put when the value before or after
     * matches (so an entry that leaves the filtered set is seen leaving), a remove when the removed value matched
     * (or is unknown), everything else always.
     */
    boolean passes(Predicate<GenericRecord> filter) {
        return switch (kind) {
            case PUT -> (before != null && filter.test(before)) || (after != null && filter.test(after));
            case REMOVE -> before == null || filter.test(before);
            case CLEAR, GAP -> true;
        };
    }

    Event<String> event(String id) {
        return Event.of(data).name(kind.event).id(id);
    }
}
