package io.snapgrid.jobs;

import java.util.List;
import java.util.Optional;

/** The jobs the control service keeps running. */
public interface JobCatalogue {

    List<CatalogueJob> jobs();

    default Optional<CatalogueJob> job(String name) {
        return jobs().stream().filter(job -> job.name().equals(name)).findFirst();
    }

    /** Snapgrid's own jobs; none until the streaming jobs land. */
    static JobCatalogue snapgrid() {
        return List::of;
    }
}
