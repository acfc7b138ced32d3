package io.snapgrid.jobs.window;

import com.hazelcast.jet.aggregate.AggregateOperation;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.core.test.TestSupport;
import com.hazelcast.jet.impl.JetEvent;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;

import static com.hazelcast.jet.impl.JetEvent.jetEvent;

/**
 * The window processor alone, under Jet's TestSupport, which also runs it with a snapshot saved and restored
 * into a fresh processor after every input item: closing by watermark, non-empty and newest-empty windows,
 * late events emitted instead of dropped, silent keys forgotten, and all of it surviving restore.
 */
class KeyedWindowsPTest {

    record Reading(String key) implements Serializable {
    }

    record Count(String key, long start, long end, long count) implements Serializable {
    }

    record Late(String key, long time, long closedUpTo) implements Serializable {
    }

    @Test
    void closesWindowsOnWatermarksEmitsLateEventsAndForgetsSilentKeys() {
        AggregateOperation1<Reading, long[], Long> counting = AggregateOperation
                .withCreate(() -> new long[1])
                .<Reading>andAccumulate((count, reading) -> count[0]++)
                .andCombine((left, right) -> left[0] += right[0])
                .andExportFinish(count -> count[0]);
        KeyedWindowsP.Definition<Reading, String, long[], Long, Object> definition = new KeyedWindowsP.Definition<>(
                WindowSpec.sliding(4, 2), Reading::key, counting,
                (key, start, end, count) -> new Count(key, start, end, count),
                (reading, time, closedUpTo) -> new Late(reading.key(), time, closedUpTo),
                true, 4);

        TestSupport.verifyProcessor(definition.supplier())
                .disableProgressAssertion()
                .outputChecker(TestSupport.SAME_ITEMS_ANY_ORDER)
                .input(List.of(
                        event("k1", 1), event("k2", 3), new Watermark(4),
                        event("k1", 5), event("k1", 2), new Watermark(8),
                        new Watermark(10), new Watermark(16), new Watermark(20)))
                .expectOutput(List.of(
                        count("k1", -2, 2, 1), count("k1", 0, 4, 1), count("k2", 0, 4, 1), new Watermark(4),
                        jetEvent(2, new Late("k1", 2, 4)),
                        count("k1", 2, 6, 1), count("k1", 4, 8, 1), count("k2", 2, 6, 1), count("k2", 4, 8, 0),
                        new Watermark(8),
                        // k2's last non-empty window ended at 6: forgotten once 4 more have passed.
                        count("k1", 6, 10, 0), count("k2", 6, 10, 0), new Watermark(10),
                        // A jump of several slides: only the newest empty window.
                        count("k1", 12, 16, 0), new Watermark(16),
                        new Watermark(20)));
    }

    private static JetEvent<Reading> event(String key, long time) {
        return jetEvent(time, new Reading(key));
    }

    private static JetEvent<Count> count(String key, long start, long end, long count) {
        return jetEvent(end, new Count(key, start, end, count));
    }
}
