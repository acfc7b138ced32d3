package io.snapgrid.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reading, writing and deleting one entry; records are JSON as the REST API takes them. */
final class EntryCommands {

    private EntryCommands() {
    }

    /** A command on the entry of KEY in MAP. */
    abstract static class EntryCommand extends ApiCommand {

        @Parameters(index = "0", paramLabel = "MAP")
        String map;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        String path() {
            return "/v1/maps/" + RestClient.encode(map) + "/entries/" + RestClient.encode(key);
        }

        void done(String what) {
            out().println(what + " " + map + "/" + key);
            out().flush();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one entry's record as JSON.")
    static final class Get extends EntryCommand {

        @Option(names = "--as-of", paramLabel = "INSTANT", description = "The record as it was at this ISO-8601"
                + " instant (2026-11-01T03:00:00Z), from the map's retained history; 3 if the key did not exist then")
        String asOf;

        @Override
        int run(RestClient client) {
            printJson(client.get(asOf == null ? path() : path() + "?asOf=" + RestClient.encode(asOf)));
            return ExitCode.OK;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Write one entry; the record is validated against the map's schema.")
    static final class Put extends EntryCommand {

        @Parameters(index = "2", paramLabel = "RECORD", description = "The record as JSON, or - to read it from stdin")
        String record;

        @Override
        int run(RestClient client) {
            JsonNode value = parse(record.equals("-") ? readStdin() : record);
            done(client.checked("PUT", path(), value).status() == 201 ? "created" : "replaced");
            return ExitCode.OK;
        }

        private String readStdin() {
            try {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
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
    static final class Delete extends EntryCommand {

        @Override
        int run(RestClient client) {
            client.delete(path());
            done("deleted");
            return ExitCode.OK;
        }
    }
}
