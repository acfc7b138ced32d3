package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run one SELECT (the node refuses anything else) and print its rows.")
final class SqlCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "SELECT")
    String sql;

    @Option(names = "--param", paramLabel = "VALUE", description = "A value for the next ? (repeatable; sent as text)")
    List<String> params = new ArrayList<>();

    @Override
    int run(RestClient client) {
        ObjectNode request = RestClient.JSON.createObjectNode().put("sql", sql);
        ArrayNode values = request.putArray("params");
        params.forEach(values::add);
        JsonNode body = client.post("/v1/sql", request);
        if (json()) {
            printJson(body);
            return ExitCode.OK;
        }
        List<String> columns = new ArrayList<>();
        body.path("columns").forEach(column -> columns.add(column.path("name").asText()));
        Table table = new Table(columns.toArray(String[]::new));
        body.path("rows").forEach(row -> table.row(columns.stream()
                .map(column -> row.path(column).isValueNode() ? row.path(column).asText() : row.path(column).toString())
                .toArray()));
        table.print(out());
        if (body.path("truncated").asBoolean()) {
            out().println("(more rows left out; narrow the query)");
            out().flush();
        }
        return ExitCode.OK;
    }
}
