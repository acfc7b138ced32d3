package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

@Command(name = "snapshots", mixinStandardHelpOptions = true, description = "List, create and verify snapshots.",
        subcommands = {SnapshotsCommand.List.class, SnapshotsCommand.Create.class, SnapshotsCommand.Verify.class})
final class SnapshotsCommand {

    private static String mapQuery(String map) {
        return map == null ? "" : "?map=" + RestClient.encode(map);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Published snapshots per map, newest first.")
    static final class List extends ApiCommand {

        @Option(names = "--map", description = "Only this map")
        String map;

        @Override
        int run(RestClient client) {
            JsonNode body = client.get("/v1/snapshots" + mapQuery(map));
            if (json()) {
                printJson(body);
                return ExitCode.OK;
            }
            Table table = new Table("MAP", "ID", "KIND", "CREATED", "ROWS", "BYTES", "FILES");
            body.path("maps").forEach(listed -> listed.path("snapshots").forEach(snapshot -> table.row(
                    listed.path("map").asText(), snapshot.path("id").asLong(),
                    snapshot.has("error") ? "unreadable: " + snapshot.path("error").asText()
                            : snapshot.path("kind").asText(),
                    snapshot.path("createdAt").asText(null), snapshot.path("rows").asLong(),
                    snapshot.path("bytes").asLong(), snapshot.path("files").asLong())));
            table.print(out());
            return ExitCode.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Start a full snapshot of a map and follow it until it ends.")
    static final class Create extends ApiCommand {

        private static final Duration POLL = Duration.ofMillis(250);
        private static final int BAR = 30;

        @Parameters(index = "0", paramLabel = "MAP")
        String map;

        @Option(names = "--no-wait", description = "Print the operation and return at once")
        boolean noWait;

        @Override
        int run(RestClient client) {
            JsonNode operation = client.post("/v1/snapshots" + mapQuery(map), null);
            String id = operation.path("id").asText();
            if (!noWait) {
                while (!ended(operation)) {
                    progress(operation);
                    LockSupport.parkNanos(POLL.toNanos());
                    operation = client.get("/v1/operations/" + RestClient.encode(id));
                }
                progress(operation);
                err().println();
                err().flush();
            }
            if (json()) {
                printJson(operation);
            } else {
                OperationsCommand.describe(operation).print(out());
            }
            return OperationsCommand.exitCode(operation);
        }

        private static boolean ended(JsonNode operation) {
            String state = operation.path("state").asText();
            return state.equals("succeeded") || state.equals("failed");
        }

        /** On stderr, so that stdout stays the result: a bar when the total is known, else the rows so far. */
        private void progress(JsonNode operation) {
            JsonNode progress = operation.path("progress");
            long written = progress.path("rowsWritten").asLong();
            long total = progress.path("rowsTotal").asLong(0);
            String state = operation.path("state").asText();
            String line;
            if (total > 0) {
                // The total is the chain's rows, of which superseded ones are not written: a success fills the bar.
                long percent = state.equals("succeeded") ? 100 : Math.min(100, 100 * written / total);
                int filled = (int) (BAR * percent / 100);
                line = String.format("[%s%s] %3d%% %d of at most %d rows  %s", "#".repeat(filled),
                        " ".repeat(BAR - filled), percent, written, total, state);
            } else {
                line = String.format("%s: %d rows written", state, written);
            }
            err().print("\r" + line + "   ");
            err().flush();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every published snapshot's files against its manifest (reads every data file).")
    static final class Verify extends ApiCommand {

        @Option(names = "--map", description = "Only this map")
        String map;

        @Override
        int run(RestClient client) {
            JsonNode body = client.post("/v1/snapshots/verify" + mapQuery(map), null);
            if (json()) {
                printJson(body);
            } else {
                Table table = new Table("MAP", "OK", "SNAPSHOTS", "FILES", "PROBLEMS");
                body.path("maps").forEach(verified -> table.row(verified.path("map").asText(),
                        verified.path("ok").asBoolean() ? "ok" : "FAILED", verified.path("snapshots").asLong(),
                        verified.path("files").asLong(), verified.path("problems").size()));
                table.print(out());
                body.path("maps").forEach(verified -> verified.path("problems").forEach(problem -> out().println(
                        verified.path("map").asText() + ": " + problem.path("kind").asText() + " "
                                + problem.path("path").asText() + " " + problem.path("detail").asText())));
                out().flush();
            }
            return body.path("ok").asBoolean() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
