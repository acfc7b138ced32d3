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

    public static void writeTo(StreamStage<DeadLetter> deadLetters) {
        deadLetters
                .map(letter -> {
                    Metrics.metric(JobCounters.DEAD_LETTERS).increment();
                    return letter;
                })
                .setName("count-dead-letters")
                .writeTo(Sinks.map(JobMaps.DEAD_LETTER, DeadLetter::mapKey, DeadLetter::toCompact));
    }
}
