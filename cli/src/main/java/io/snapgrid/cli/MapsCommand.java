package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

@Command(name = "maps", mixinStandardHelpOptions = true,
        description = "List the maps with their storage class and size.")
final class MapsCommand extends ApiCommand {

    @Override
    int run(RestClient client) {
        JsonNode body = client.get("/v1/maps");
        if (json()) {
            printJson(body);
            return ExitCode.OK;
        }
        Table table = new Table("MAP", "STORAGE CLASS", "ENTRIES");
        body.path("maps").forEach(map -> table.row(map.path("name").asText(),
                map.path("storageClass").isNull() ? null : map.path("storageClass").asText(),
                map.path("size").asLong()));
        table.print(out());
        return ExitCode.OK;
    }
}
