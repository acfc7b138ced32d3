package io.snapgrid.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.cli.ExitCode;
import io.snapgrid.cli.SnapgridCli;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin CLI against a real node over real HTTP: output, --json, exit codes and its messages on errors. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCliTest extends MicronautTestNode {

    private static final String NODES = "inventory.nodes";

    @Inject
    SnapshotMapStores stores;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url=" + http.base());
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SnapgridCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    void ready() {
        await("node ready").until(() -> http.get("/health/readiness").status() == 200);
    }

    @Test
    void entriesRoundTrip() {
        Run put = cli("put", NODES, "x5000c0s0b0n0", Records.node("cli0", "Ready"));
        assertEquals(ExitCode.OK, put.exit(), put::toString);
        assertEquals("created inventory.nodes/x5000c0s0b0n0", put.out().strip());
        assertEquals("replaced inventory.nodes/x5000c0s0b0n0",
                cli("put", NODES, "x5000c0s0b0n0", Records.node("cli0", "Off")).out().strip());

        Run get = cli("get", NODES, "x5000c0s0b0n0");
        assertEquals(ExitCode.OK, get.exit());
        assertEquals("Off", get.json().path("state").asText());

        Run maps = cli("maps");
        assertTrue(maps.out().lines().anyMatch(line -> line.startsWith(NODES + " ")), maps.out());
        JsonNode listed = cli("maps", "--json").json();
        assertTrue(listed.path("maps").findValuesAsText("name").contains(NODES));

        Run sql = cli("sql", "SELECT __key, state FROM \"" + NODES + "\" WHERE __key = ?", "--param=x5000c0s0b0n0");
        assertEquals(ExitCode.OK, sql.exit(), sql::toString);
        assertEquals(List.of("__key", "state"), List.of(sql.out().lines().findFirst().orElseThrow().split("\\s+")));
        assertTrue(sql.out().contains("x5000c0s0b0n0  Off"), sql.out());

        Run deleted = cli("delete", NODES, "x5000c0s0b0n0");
        assertEquals(ExitCode.OK, deleted.exit());
        Run gone = cli("get", NODES, "x5000c0s0b0n0");
        assertEquals(ExitCode.NOT_FOUND, gone.exit());
        assertTrue(gone.err().contains("404 [entry-not-found]"), gone.err());
    }

    @Test
    void errorsSayWhatHappenedAndExitNonZero() {
        Run unknownMap = cli("get", "no.such.map", "k");
        assertEquals(ExitCode.NOT_FOUND, unknownMap.exit(), unknownMap::toString);
        assertTrue(unknownMap.err().startsWith("snapgrid: GET /v1/maps/no.such.map/entries/k: 404"), unknownMap.err());

        Run invalid = cli("put", NODES, "x5000c0s0b0n1", "{\"hostname\": 1}");
        assertEquals(ExitCode.REFUSED, invalid.exit(), invalid::toString);
        assertTrue(invalid.err().contains("400"), invalid.err());

        Run notJson = cli("put", NODES, "x5000c0s0b0n1", "{");
        assertEquals(ExitCode.USAGE, notJson.exit());

        int closed = TestCluster.freePort();
        Run unreachable = run("status", "--url=http://127.0.0.1:" + closed);
        assertEquals(ExitCode.UNAVAILABLE, unreachable.exit());
        assertTrue(unreachable.err().contains("cannot reach the node at http://127.0.0.1:" + closed), unreachable.err());

        assertEquals(ExitCode.USAGE, run("snapshots", "create").exit(), "a missing map is a usage error");
        Run help = run("snapshots", "create", "--help");
        assertEquals(ExitCode.OK, help.exit());
        assertTrue(help.out().contains("--url") && help.out().contains("--token"), help.out());
    }

    @Test
    void statusShowsTheClusterAndItsParts() {
        Run status = cli("status");
        assertEquals(ExitCode.OK, status.exit(), status::toString);
        assertTrue(status.out().contains("1 member(s)"), status.out());
        assertTrue(status.out().contains("this node: UP"), status.out());
        JsonNode json = cli("status", "--json").json();
        assertEquals(1, json.path("cluster").path("members").size());
        assertTrue(json.path("jobs").isArray());
        assertTrue(json.path("readiness").has("status"));
        // The node restored its durable maps at start (from nothing here): each is reported done, in both places.
        JsonNode restored = json.path("cluster").path("restore").path(NODES);
        assertTrue(restored.path("done").asBoolean(), json.path("cluster").toString());
        assertEquals(restored.path("rowsTotal").asLong(), restored.path("rows").asLong());
        assertEquals(restored, json.path("readiness").findValue("restore").path(NODES), json.toString());
    }

    @Test
    void aRequestedSnapshotIsFollowedToItsEndAndVerifies() {
        assertEquals(ExitCode.OK, cli("put", NODES, "x5001c0s0b0n0", Records.node("cli1", "Ready")).exit());
        stores.rollLog(); // a first delta, so that there is a chain to fold

        Run created = cli("snapshots", "create", NODES, "--json");
        assertEquals(ExitCode.OK, created.exit(), created::toString);
        assertEquals("succeeded", created.json().path("state").asText(), created.out());
        assertTrue(created.err().contains("rows"), "progress on stderr: " + created.err());
        JsonNode progress = created.json().path("progress");
        assertTrue(progress.path("rowsTotal").asLong() >= progress.path("rowsWritten").asLong()
                && progress.path("rowsWritten").asLong() > 0, progress.toString());

        Run listed = cli("snapshots", "list", "--map=" + NODES);
        assertTrue(listed.out().lines().anyMatch(line -> line.startsWith(NODES) && line.contains(" full ")),
                listed.out());
        Run operation = cli("operations", created.json().path("id").asText());
        assertEquals(ExitCode.OK, operation.exit());
        assertTrue(operation.out().contains("succeeded"), operation.out());

        Run verified = cli("snapshots", "verify", "--map=" + NODES, "--json");
        assertEquals(ExitCode.OK, verified.exit(), verified::toString);
        assertTrue(verified.json().path("ok").asBoolean());

        Run noOperation = cli("operations", "no-such-operation");
        assertEquals(ExitCode.NOT_FOUND, noOperation.exit(), noOperation::toString);
    }
}
