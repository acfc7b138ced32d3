package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;

/** Submits a catalogue job by name, from the catalogue of whichever member runs the action. */
record SubmitCatalogueJob(String name) implements DutyAction<String> {

    static final String CATALOGUE = "snapgrid.jobs.catalogue";

    @Override
    public String describe() {
        return "submit job " + name;
    }

    @Override
    public String apply(HazelcastInstance member) {
        JobCatalogue catalogue = (JobCatalogue) member.getUserContext().get(CATALOGUE);
        CatalogueJob job = catalogue.job(name)
                .orElseThrow(() -> new IllegalStateException("job " + name + " is not in this member's catalogue"));
        Job submitted = member.getJet().newJobIfAbsent(job.pipeline().get(), job.namedConfig());
        return submitted.getIdString();
    }
}
