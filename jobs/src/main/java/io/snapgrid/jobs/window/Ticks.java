package io.snapgrid.jobs.window;

import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.jet.pipeline.StreamStage;
import io.snapgrid.jobs.common.WallClock;

import java.io.Serializable;

/**
 * A stream of watermarks from the wall clock, to merge into an event stream so that its windows close on time
 * even when no event arrives.
 * <p>
 * One tick source runs on every member and stamps a tick with the wall clock every {@code interval}; like events,
 * it is held back by the allowed lag, so its watermark is {@code now - lag}. The tick items themselves are dropped
 * at once: only their watermarks flow on. Jet coalesces the watermarks of merged inputs by taking the lowest of
 * those not idle, which gives the behaviour wanted:
 * <ul>
 *   <li>While events flow, the event watermark rules wherever it is behind the wall clock, so events that come in
 *   late but within the lag of the event stream itself are never cut off by the clock. In particular the events
 *   a restarted job replays from the journal are behind the clock, and the journal's restored watermark keeps them
 *   on time.</li>
 *   <li>Events stamped ahead of the wall clock (a source with a fast clock) cannot drag the watermark into the
 *   future: the clock caps it.</li>
 *   <li>When no events arrive, the journal partitions go idle after the source's partition idle timeout and stop
 *   counting; the clock alone then advances the watermark and the windows keep closing.</li>
 * </ul>
 */
public final class Ticks {

    /**
     * The local parallelism of the tick stage and of the journal reader merged with it: one processor per member,
     * so that the merging processor has a single queue from each. Hazelcast 5.7 drains a queue up to its first
     * watermark or idle message and tells the edge's coalescer about the message before the items ahead of it
     * (ConcurrentInboundEdgeStream.RoundRobinDrain). A reader that emits an item not moving its watermark (a late
     * or unreadable event) and then goes idle, both drained at once because the merging processor was held up for
     * the whole idle timeout, is afterwards taken for an active queue stuck at its old watermark; with other
     * queues on the edge, that stops the edge's watermark, so windows stop closing until the reader emits a newer
     * one (on a quiet stream, never), and with assertions on the job fails in KeyedWatermarkCoalescer. A single
     * queue has no other queue to hold back. IdleMessageOrderTest pins both down.
     */
    public static final int SINGLE_QUEUE = 1;

    private Ticks() {
    }

    /**
     * A journal read one processor per member, timestamped, with the wall clock's watermarks merged in, so that
     * windows keep closing when the journal goes quiet: how every job of the catalogue starts.
     */
    public static <T> StreamStage<T> journalWithClock(Pipeline pipeline, StreamSource<T> journal,
                                                      ToLongFunctionEx<? super T> timestamp, String name,
                                                      WallClock clock, long intervalMillis, long allowedLagMillis) {
        return pipeline.readFrom(journal)
                .withTimestamps(timestamp, allowedLagMillis)
                .setName(name)
                .setLocalParallelism(SINGLE_QUEUE)
                .merge(watermarks(pipeline, clock, intervalMillis, allowedLagMillis));
    }

    /** A stage of the pipeline's item type that emits no items, only the wall clock's watermarks. */
    public static <T> StreamStage<T> watermarks(Pipeline pipeline, WallClock clock, long intervalMillis,
                                                long allowedLagMillis) {
        StreamSource<Long> ticks = SourceBuilder
                .timestampedStream("wall-clock-ticks", context -> new Timer(clock, intervalMillis))
                .<Long>fillBufferFn(Timer::fill)
                .distributed(1)
                .build();
        return pipeline.readFrom(ticks)
                .withNativeTimestamps(allowedLagMillis)
                .setName("wall-clock-watermarks")
                .<T>flatMap(tick -> Traversers.empty())
                .setName("wall-clock-watermarks-only")
                .setLocalParallelism(SINGLE_QUEUE);
    }

    private static final class Timer implements Serializable {

        private final WallClock clock;
        private final long interval;
        private long next = Long.MIN_VALUE;

        Timer(WallClock clock, long interval) {
            this.clock = clock;
            this.interval = interval;
        }

        void fill(SourceBuilder.TimestampedSourceBuffer<Long> buffer) {
            long now = clock.millis();
            if (now >= next) {
                buffer.add(now, now);
                next = now + interval;
            }
        }
    }
}
