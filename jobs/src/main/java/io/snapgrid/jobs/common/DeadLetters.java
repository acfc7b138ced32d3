package io.snapgrid.jobs.common;

import com.hazelcast.jet.core.metrics.Metrics;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamStage;
import io.snapgrid.jobs.JobCounters;
import io.snapgrid.jobs.JobMaps;

/** The one way a job writes dead letters: counted, then put under {@code job:eventId}. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * A job's dead letters from both places they arise: items its journal reader rejected, and late events its
     * window stage emitted as {@link DeadLetter}s among its results.
     */
    public static void writeTo(StreamStage<JournalItem> items, StreamStage<Object> windows, String job,
                               WallClock clock) {
        StreamStage<DeadLetter> rejected = items
                .filter(item -> item instanceof Rejected)
                .map(item -> ((Rejected) item).toDeadLetter(job, clock.millis()));
        StreamStage<DeadLetter> late = windows
                .filter(item -> item instanceof DeadLetter)
                .map(item -> (DeadLetter) item);
        writeTo(rejected.merge(late));
    }

    private static void writeTo(StreamStage<DeadLetter> deadLetters) {
        deadLetters
                .map(letter -> {
                    Metrics.metric(JobCounters.DEAD_LETTERS).increment();
                    return letter;
                })
                .setName("count-dead-letters")
                .writeTo(Sinks.map(JobMaps.DEAD_LETTER, DeadLetter::mapKey, DeadLetter::toCompact));
    }
}
