package io.snapgrid.jobs.window;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.impl.JetEvent;
import io.snapgrid.jobs.JobCounters;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;

import static com.hazelcast.jet.Traversers.traverseIterable;
import static com.hazelcast.jet.Util.entry;
import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * Event-time windows per key, closed by the watermark, written for what Jet's window stage cannot do:
 * <ul>
 *   <li><b>No silent drops.</b> An event whose time is before the end of the newest window already closed for its
 *   key cannot be counted without changing a result already emitted. Jet drops such an event; this processor
 *   emits it through {@link LateEventFn} instead, and counts it ({@link JobCounters#LATE_EVENTS}). Because the
 *   decision is taken where the windows are closed, against the very watermark that closed them, an event this
 *   stage accepts is always counted.</li>
 *   <li><b>Empty windows.</b> With {@code emitEmpty}, a key that has had events goes on getting a result for every
 *   window that closes without any of its events, until {@code forgetAfter} has passed since its last non-empty
 *   window. A watermark that jumps several slides at once emits every non-empty window of the key and only the
 *   newest empty one: results are keyed, and the newest overwrites the older ones anyway.</li>
 * </ul>
 * The processor must be fed through a partitioned edge (a keyed stage), so that all events of a key meet here.
 * All of its state is in {@link KeyWindows} per key plus the watermark it has closed up to, and all of it goes into
 * Jet's snapshots: the known keys survive a restart, and a restart resumes exactly where the snapshot left off.
 * Input and output items are Jet's timestamped envelopes (JetEvent), as for every custom stage of a timestamped
 * pipeline; results carry their window end as their timestamp.
 */
public final class KeyedWindowsP<T, K, A, R, O> extends AbstractProcessor {

    private static final BroadcastKey<String> CLOSED_UP_TO = broadcastKey("closedUpTo");

    private final WindowSpec spec;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final AggregateOperation1<? super T, A, ? extends R> aggregation;
    private final WindowResultFn<? super K, ? super R, ? extends O> resultFn;
    private final LateEventFn<? super T, ? extends O> lateFn;
    private final boolean emitEmpty;
    private final long forgetAfter;

    private final Map<K, KeyWindows<A>> keys = new HashMap<>();
    /** Windows ending at or before this are closed for every key; Long.MIN_VALUE before the first watermark. */
    private long closedUpTo = Long.MIN_VALUE;
    private long restoredClosedUpTo = Long.MAX_VALUE;
    private WindowCloser closer;
    private Traverser<Map.Entry<Object, Object>> snapshotTraverser;
    private final Counter processed = new Counter(JobCounters.EVENTS_PROCESSED);
    private final Counter late = new Counter(JobCounters.LATE_EVENTS);

    private KeyedWindowsP(Definition<T, K, A, R, O> definition) {
        this.spec = definition.spec;
        this.keyFn = definition.keyFn;
        this.aggregation = definition.aggregation;
        this.resultFn = definition.resultFn;
        this.lateFn = definition.lateFn;
        this.emitEmpty = definition.emitEmpty;
        this.forgetAfter = definition.forgetAfter;
    }

    /** Everything the processor is made of; serializable, so that it travels with the job. */
    public record Definition<T, K, A, R, O>(WindowSpec spec, FunctionEx<? super T, ? extends K> keyFn,
                                            AggregateOperation1<? super T, A, ? extends R> aggregation,
                                            WindowResultFn<? super K, ? super R, ? extends O> resultFn,
                                            LateEventFn<? super T, ? extends O> lateFn,
                                            boolean emitEmpty, long forgetAfter) implements java.io.Serializable {

        public SupplierEx<Processor> supplier() {
            Definition<T, K, A, R, O> definition = this;
            return () -> new KeyedWindowsP<>(definition);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) {
        JetEvent<T> envelope = (JetEvent<T>) item;
        T event = envelope.payload();
        long time = envelope.timestamp();
        K key = keyFn.apply(event);
        KeyWindows<A> state = keys.get(key);
        long closed = state == null ? closedUpTo : Math.max(state.closedUpTo, closedUpTo);
        if (time < closed) {
            // The earliest window holding the event ends at frameStart(time) + slide <= closed: already emitted.
            if (!tryEmit(JetEvent.jetEvent(time, lateFn.apply(event, time, closed)))) {
                return false;
            }
            late.increment();
            return true;
        }
        if (state == null) {
            state = new KeyWindows<>(closedUpTo);
            keys.put(key, state);
        }
        long frame = spec.frameStart(time);
        aggregation.accumulateFn().accept(state.frames.computeIfAbsent(frame, f -> aggregation.createFn().get()),
                event);
        state.lastFrame = Math.max(state.lastFrame, frame);
        processed.increment();
        return true;
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        if (closer == null) {
            long target = watermark.timestamp() == Long.MIN_VALUE ? Long.MIN_VALUE
                    : spec.frameStart(watermark.timestamp());
            if (target <= closedUpTo) {
                return tryEmit(watermark);
            }
            closer = new WindowCloser(target);
        }
        if (!emitFromTraverser(closer)) {
            return false;
        }
        closedUpTo = closer.target;
        closer = null;
        return tryEmit(watermark);
    }

    @Override
    public boolean saveToSnapshot() {
        if (snapshotTraverser == null) {
            snapshotTraverser = traverseIterable(keys.entrySet())
                    .<Map.Entry<Object, Object>>map(e -> entry(e.getKey(), e.getValue()))
                    .append(entry(CLOSED_UP_TO, closedUpTo))
                    .onFirstNull(() -> snapshotTraverser = null);
        }
        return emitFromTraverserToSnapshot(snapshotTraverser);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void restoreFromSnapshot(Object key, Object value) {
        if (key instanceof BroadcastKey) {
            // Every processor saved its own; the lowest is the one all of them had reached, so no event that any
            // of them would still have accepted is declared late after the restart.
            restoredClosedUpTo = Math.min(restoredClosedUpTo, (Long) value);
            return;
        }
        keys.put((K) key, (KeyWindows<A>) value);
    }

    @Override
    public boolean finishSnapshotRestore() {
        closedUpTo = restoredClosedUpTo == Long.MAX_VALUE ? Long.MIN_VALUE : restoredClosedUpTo;
        return true;
    }

    /**
     * Emits, key by key, what closing the windows up to {@code target} produces, one key per step so that a
     * cooperative thread is never held for the whole key set; then updates or forgets the key.
     */
    private final class WindowCloser implements Traverser<Object> {

        final long target;
        private final Iterator<Map.Entry<K, KeyWindows<A>>> pendingKeys = keys.entrySet().iterator();
        private final ArrayDeque<Object> ready = new ArrayDeque<>();

        WindowCloser(long target) {
            this.target = target;
        }

        @Override
        public Object next() {
            while (ready.isEmpty() && pendingKeys.hasNext()) {
                Map.Entry<K, KeyWindows<A>> entry = pendingKeys.next();
                close(entry.getKey(), entry.getValue());
                if (forgettable(entry.getValue())) {
                    pendingKeys.remove();
                }
            }
            return ready.poll();
        }

        private void close(K key, KeyWindows<A> state) {
            if (target <= state.closedUpTo) {
                return; // restored from a snapshot taken further on than this execution's watermark has come yet
            }
            long slide = spec.slide();
            long size = spec.size();
            long lastEmitted = Long.MIN_VALUE;
            if (!state.frames.isEmpty()) {
                long end = state.closedUpTo == Long.MIN_VALUE
                        ? state.frames.firstKey() + slide
                        : Math.max(state.closedUpTo + slide, state.frames.firstKey() + slide);
                while (end <= target) {
                    Long nextFrame = state.frames.ceilingKey(end - size);
                    if (nextFrame == null) {
                        break;
                    }
                    if (nextFrame >= end) {
                        end = nextFrame + slide; // no frame in this window: skip to the first window that has one
                        continue;
                    }
                    ready.add(result(key, end, state.frames.subMap(end - size, true, end, false)));
                    lastEmitted = end;
                    end += slide;
                }
            }
            if (emitEmpty && lastEmitted != target) {
                ready.add(result(key, target, state.frames.subMap(target - size, true, target, false)));
            }
            state.closedUpTo = target;
            // Frames that no window ending after target can cover.
            state.frames.headMap(target + slide - size, false).clear();
        }

        private Object result(K key, long end, NavigableMap<Long, A> covered) {
            A window = aggregation.createFn().get();
            for (A frame : covered.values()) {
                aggregation.combineFn().accept(window, frame);
            }
            R value = aggregation.exportFn().apply(window);
            return JetEvent.jetEvent(end, resultFn.apply(key, end - spec.size(), end, value));
        }

        private boolean forgettable(KeyWindows<A> state) {
            if (!state.frames.isEmpty()) {
                return false;
            }
            if (!emitEmpty || state.lastFrame == Long.MIN_VALUE) {
                return true;
            }
            long lastNonEmptyEnd = state.lastFrame + spec.size();
            return target - lastNonEmptyEnd >= forgetAfter;
        }
    }
}
