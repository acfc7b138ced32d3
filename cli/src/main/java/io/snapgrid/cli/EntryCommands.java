package io.snapgrid.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading, writing and deleting one entry; records are JSON as the REST API takes them. */
final class EntryCommands {

    private EntryCommands() {
    }

    private static String path(String map, String key) {
        return "/v1/maps/" + RestClient.encode(map) + "/entries/" + RestClient.encode(key);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one entry's record as JSON.")
    static final class Get extends ApiCommand {

        @Parameters(index = "0", paramLabel = "MAP")
        String map;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        int run(RestClient client) {
            printJson(client.get(path(map, key)));
            return ExitCode.OK;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Write one entry; the record is validated against the map's schema.")
    static final class Put extends ApiCommand {

        @Parameters(index = "0", paramLabel = "MAP")
        String map;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Parameters(index = "2", paramLabel = "RECORD", description = "The record as JSON, or - to read it from stdin")
        String record;

        InputStream stdin = System.in;

        @Override
        int run(RestClient client) {
            JsonNode value = parse(record.equals("-") ? readStdin() : record);
            RestClient.Reply reply = client.checked("PUT", path(map, key), value);
            out().println(reply.status() == 201 ? "created " + map + "/" + key : "replaced " + map + "/" + key);
            out().flush();
            return ExitCode.OK;
        }

        private String readStdin() {
            try {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliFailure(ExitCode.USAGE, "cannot read the record from stdin: " + e.getMessage());
            }
        }

        private static JsonNode parse(String text) {
            try {
                return RestClient.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new CliFailure(ExitCode.USAGE, "the record is not JSON: " + e.getOriginalMessage());
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one entry.")
    static final class Delete extends ApiCommand {

        @Parameters(index = "0", paramLabel = "MAP")
        String map;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        int run(RestClient client) {
            client.delete(path(map, key));
            out().println("deleted " + map + "/" + key);
            out().flush();
            return ExitCode.OK;
        }
    }
}
