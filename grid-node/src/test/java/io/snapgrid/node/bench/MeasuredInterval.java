package io.snapgrid.node.bench;

import io.snapgrid.node.testing.Http;

/** The measured part of a run under load: its wall-clock bounds and the node-health job as read at each end. */
record MeasuredInterval(long from, long to, JobView first, JobView last) {

    /** Sleeps through the warm-up, then through the measured seconds, reading the job at both ends. */
    static MeasuredInterval run(int warmupSeconds, int seconds, Http jobsApi) throws InterruptedException {
        Thread.sleep(warmupSeconds * 1000L);
        long from = System.currentTimeMillis();
        JobView first = JobView.read(jobsApi);
        Thread.sleep(seconds * 1000L);
        long to = System.currentTimeMillis();
        return new MeasuredInterval(from, to, first, JobView.read(jobsApi));
    }

    /** Events the job took in per second meanwhile, by its metrics; -1 when they could not be read. */
    double processedPerSecond() {
        return first.processedEvents() < 0 || last.processedEvents() < first.processedEvents() ? -1
                : (last.processedEvents() - first.processedEvents()) * 1000.0 / (to - from);
    }
}
