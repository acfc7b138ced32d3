package io.snapgrid.node.jobs;

import io.snapgrid.node.rest.api.JobStatus;
import io.snapgrid.node.rest.api.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** The catalogue's Jet jobs as Hazelcast sees them; see {@link JobStatusReader} for where each field comes from. */
@Controller(value = "/v1/jobs", produces = MediaType.APPLICATION_JSON)
final class JobsController {

    private final JobCatalogue catalogue;
    private final JobStatusReader reader;
    private final ObjectMapper json;

    JobsController(JobCatalogue catalogue, JobStatusReader reader, ObjectMapper json) {
        this.catalogue = catalogue;
        this.reader = reader;
        this.json = json;
    }

    @Operation(operationId = "listJobs", summary = "Every catalogue job: status (or NOT_SUBMITTED), id, submission time, submissions, restarts,"
            + " last snapshot id and time, processedEvents and deadLetters")
    @ApiResponse(responseCode = "200", description = "The catalogue's jobs in its order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatus.Listing.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get
    ObjectNode jobs() {
        ObjectNode body = json.createObjectNode();
        body.putArray("jobs").addAll(catalogue.jobs().stream().map(job -> reader.describe(job.name())).toList());
        return body;
    }

    @Operation(operationId = "getJob", summary = "One catalogue job, as in GET /v1/jobs; 404 for a name the catalogue does not have")
    @ApiResponse(responseCode = "200", description = "{name, status, id, submissionTime, submissions, restarts,"
            + " lastSnapshotId, lastSnapshotTime, processedEvents, deadLetters}; unknown fields are null",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatus.class)))
    @ApiResponse(responseCode = "404", description = "The catalogue has no such job (unknown-job)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get("/{name}")
    ObjectNode job(String name) {
        CatalogueJob job = catalogue.job(name).orElseThrow(() -> ApiProblem.notFound("unknown-job",
                "the job catalogue has no job '" + name + "'").with("job", name));
        return reader.describe(job.name());
    }
}
