package io.snapgrid.jobs.window;

import com.hazelcast.jet.core.metrics.Metric;
import com.hazelcast.jet.core.metrics.Metrics;

/**
 * A Jet user metric, created on first use because Jet allows that only on the thread running the processor.
 * Outside a job (Jet's processor TestSupport has no metrics context) it counts nowhere.
 */
final class Counter {

    private final String name;
    private Metric metric;

    Counter(String name) {
        this.name = name;
    }

    void increment() {
        if (metric == null) {
            try {
                metric = Metrics.metric(name);
            } catch (RuntimeException noMetricsContext) {
                return;
            }
        }
        metric.increment();
    }
}
