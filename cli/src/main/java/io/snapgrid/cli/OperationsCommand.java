package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "operations", mixinStandardHelpOptions = true,
        description = "Show a long-running operation (a requested snapshot) by its id.")
final class OperationsCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "As 'snapshots create' printed it")
    String id;

    @Override
    int run(RestClient client) {
        JsonNode operation = client.get("/v1/operations/" + RestClient.encode(id));
        if (json()) {
            printJson(operation);
        } else {
            describe(operation).print(out());
        }
        return exitCode(operation);
    }

    static Table describe(JsonNode operation) {
        return new Table("ID", "KIND", "MAP", "STATE", "ROWS", "STARTED", "FINISHED", "RESULT")
                .row(operation.path("id").asText(), operation.path("kind").asText(), operation.path("map").asText(),
                        operation.path("state").asText(), operation.path("progress").path("rowsWritten").asLong(),
                        text(operation.path("startedAt")), text(operation.path("finishedAt")),
                        operation.hasNonNull("error") ? operation.path("error").asText()
                                : text(operation.path("result").path("summary")));
    }

    /** {@link ExitCode#FAILED} for an operation that failed, else OK (also while it is still under way). */
    static int exitCode(JsonNode operation) {
        return "failed".equals(operation.path("state").asText()) ? ExitCode.FAILED : ExitCode.OK;
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
