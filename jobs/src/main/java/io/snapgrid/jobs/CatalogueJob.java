package io.snapgrid.jobs;

import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;

import java.util.function.Supplier;

/**
 * A job that must always run, by name. The pipeline is built afresh for each submission; the config's name is
 * set to {@code name}, which is what makes submission idempotent (newJobIfAbsent).
 */
public record CatalogueJob(String name, Supplier<Pipeline> pipeline, Supplier<JobConfig> config) {

    public JobConfig namedConfig() {
        return config.get().setName(name);
    }
}
