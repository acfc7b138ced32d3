package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Every durable version of one entry, oldest first: changes count once a commit-log roll or a"
                + " weak flush has written them to the snapshot store.")
final class HistoryCommand extends EntryCommands.EntryCommand {

    @Option(names = "--from", paramLabel = "INSTANT", description = "Versions committed at or after this ISO-8601"
            + " instant (2026-11-01T03:00:00Z)")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Versions committed at or before this instant")
    String to;

    @Option(names = "--limit", paramLabel = "N", description = "At most the first N versions (up to the node's"
            + " rest.max-page-size); without it, every version, page by page")
    Integer limit;

    @Override
    int run(RestClient client) {
        ObjectNode history = (ObjectNode) client.get(path() + "/history" + query(null));
        ArrayNode versions = (ArrayNode) history.path("versions");
        // With --limit the first page is the answer; without, the node's pages are followed to the end.
        while (limit == null && history.hasNonNull("nextCursor")) {
            JsonNode next = client.get(path() + "/history" + query(history.get("nextCursor").asText()));
            versions.addAll((ArrayNode) next.path("versions"));
            history.set("nextCursor", next.path("nextCursor"));
        }
        if (json()) {
            printJson(history);
            return ExitCode.OK;
        }
        Table table = new Table("REVISION", "COMMITTED", "OP", "VALUE");
        versions.forEach(version -> table.row(version.path("revision").asLong(), version.path("committedAt").asText(),
                version.path("op").asText(), version.path("value").isNull() ? null : version.path("value").toString()));
        table.print(out());
        out().println(versions.size() + " version(s) of " + map + "/" + key + "; retained from "
                + history.path("retainedFrom").asText("the first snapshot"));
        if (history.hasNonNull("nextCursor")) {
            out().println("(more versions left out; raise --limit or narrow --from/--to)");
        }
        out().flush();
        return ExitCode.OK;
    }

    private String query(String cursor) {
        StringBuilder query = new StringBuilder();
        parameter(query, "from", from);
        parameter(query, "to", to);
        parameter(query, "limit", limit == null ? null : limit.toString());
        parameter(query, "cursor", cursor);
        return query.toString();
    }

    private static void parameter(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(RestClient.encode(value));
        }
    }
}
