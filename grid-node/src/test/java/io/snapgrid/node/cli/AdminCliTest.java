package io.snapgrid.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.cli.ExitCode;
import io.snapgrid.cli.SnapgridCli;
import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.security.Roles;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.Tokens;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin CLI against a real node over real HTTP: output, --json, exit codes and its messages on errors. The node
 * checks really signed tokens and retains history; commands run with an admin token unless a test says otherwise.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCliTest extends MicronautTestNode {

    private static final String NODES = "inventory.nodes";

    private final Tokens tokens = new Tokens();

    @Inject
    SnapshotMapStores stores;

    @Override
    protected List<String> flags() {
        List<String> flags = new ArrayList<>(tokens.nodeFlags());
        // Without it, retention could drop the deltas that hold a key's older versions.
        flags.add("--snapshots.history.retain=90d");
        // The node records carry no heartbeats; node-health flagging them would add versions of its own.
        flags.addAll(List.of("--control.node-health.warning-after=1h", "--control.node-health.alert-after=2h"));
        return flags;
    }

    @AfterAll
    void stopKeySet() {
        tokens.close();
    }

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
        return cliAs(tokens.hmac(Roles.ADMIN), args);
    }

    /** A run against this node with {@code token}, or with no token when it is null. */
    private Run cliAs(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url=" + http.base());
        if (token != null) {
            all.add("--token=" + token);
        }
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

        int closed = FreePorts.take();
        Run unreachable = run("status", "--url=http://127.0.0.1:" + closed);
        assertEquals(ExitCode.UNAVAILABLE, unreachable.exit());
        assertTrue(unreachable.err().contains("cannot reach the node at http://127.0.0.1:" + closed), unreachable.err());

        assertEquals(ExitCode.USAGE, run("snapshots", "create").exit(), "a missing map is a usage error");
        Run help = run("snapshots", "create", "--help");
        assertEquals(ExitCode.OK, help.exit());
        assertTrue(help.out().contains("--url") && help.out().contains("--token"), help.out());
    }

    @Test
    void theNodeDecidesWhoMayDoWhatAndTheCliSaysSo() {
        String key = "x5003c0s0b0n0";
        Run anonymous = cliAs(null, "get", NODES, key);
        assertEquals(ExitCode.UNAUTHORIZED, anonymous.exit(), anonymous::toString);
        assertEquals("snapgrid: GET /v1/maps/inventory.nodes/entries/x5003c0s0b0n0: 401 [unauthorized] not authorized:"
                + " this request needs an Authorization: Bearer token (give a token with --token or SNAPGRID_TOKEN)",
                anonymous.err().strip());
        Run forged = cliAs(tokens.hmacWithAnotherSecret(Roles.ADMIN), "get", NODES, key);
        assertEquals(ExitCode.UNAUTHORIZED, forged.exit(), forged::toString);
        assertTrue(forged.err().contains("401 [unauthorized] not authorized: the bearer token is not valid"),
                forged.err());

        String reader = tokens.hmac(Roles.READER);
        Run refused = cliAs(reader, "put", NODES, key, Records.node("cli3", "Ready"));
        assertEquals(ExitCode.UNAUTHORIZED, refused.exit(), refused::toString);
        assertTrue(refused.err().startsWith("snapgrid: PUT /v1/maps/inventory.nodes/entries/x5003c0s0b0n0: 403"
                + " [forbidden] forbidden for this token: "), refused.err());
        assertEquals("", refused.out());
        assertEquals(ExitCode.NOT_FOUND, cliAs(reader, "get", NODES, key).exit(), "the refused put wrote nothing");

        Run written = cliAs(tokens.hmac(Roles.WRITER), "put", NODES, key, Records.node("cli3", "Ready"));
        assertEquals(ExitCode.OK, written.exit(), written::toString);
        Run read = cliAs(reader, "get", NODES, key);
        assertEquals(ExitCode.OK, read.exit(), read::toString);
        assertEquals("Ready", read.json().path("state").asText());
    }

    @Test
    void historyListsEveryDurableVersionAndGetReadsAsOfATime() {
        String key = "x5004c0s0b0n0";
        for (String state : List.of("Off", "On", "Ready")) {
            assertEquals(ExitCode.OK, cli("put", NODES, key, Records.node("cli4", state)).exit());
            stores.rollLog(); // each version into a delta of its own: this history comes from the files
        }
        Run listed = cli("history", NODES, key);
        assertEquals(ExitCode.OK, listed.exit(), listed::toString);
        List<String> lines = listed.out().lines().toList();
        assertEquals(List.of("REVISION", "COMMITTED", "OP", "VALUE"), List.of(lines.get(0).split("\\s+")));
        assertTrue(lines.get(1).contains(" upsert ") && lines.get(1).contains("\"state\":\"Off\""), listed.out());
        assertTrue(lines.get(3).contains("\"state\":\"Ready\""), listed.out());
        assertTrue(lines.get(4).startsWith("3 version(s) of inventory.nodes/" + key + "; retained from "), listed.out());

        JsonNode versions = cli("history", NODES, key, "--json").json().path("versions");
        assertEquals(List.of("Off", "On", "Ready"), versions.findValuesAsText("state"));
        Instant second = Instant.parse(versions.get(1).path("committedAt").asText());
        JsonNode fromSecond = cli("history", NODES, key, "--from=" + second, "--json").json();
        assertEquals(List.of("On", "Ready"), fromSecond.path("versions").findValuesAsText("state"));
        JsonNode toSecond = cli("history", NODES, key, "--to=" + second, "--json").json();
        assertEquals(List.of("Off", "On"), toSecond.path("versions").findValuesAsText("state"));
        Run first = cli("history", NODES, key, "--limit=1");
        assertEquals(2 + 1 + 1, first.out().lines().count(), first.out());
        assertTrue(first.out().contains("(more versions left out; raise --limit or narrow --from/--to)"), first.out());

        Run asOf = cli("get", NODES, key, "--as-of=" + second.minusMillis(1));
        assertEquals(ExitCode.OK, asOf.exit(), asOf::toString);
        assertEquals("Off", asOf.json().path("state").asText());
        Instant beforeAll = Instant.parse(versions.get(0).path("committedAt").asText()).minusMillis(1);
        assertEquals(ExitCode.NOT_FOUND, cli("get", NODES, key, "--as-of=" + beforeAll).exit());
        Run badTime = cli("get", NODES, key, "--as-of=yesterday");
        assertEquals(ExitCode.REFUSED, badTime.exit(), badTime::toString);
        assertTrue(badTime.err().contains("400 [invalid-time]"), badTime.err());
    }

    /** Without --limit the CLI follows the node's pages (100 versions each) to the end. */
    @Test
    void historyWithoutALimitFollowsEveryPage() {
        String key = "x5005c0s0b0n0";
        int written = 101;
        for (int i = 0; i < written; i++) {
            // No roll: an acknowledged strong write is history at once, read from the commit log.
            assertEquals(ExitCode.OK, cli("put", NODES, key, Records.node("cli5-" + i, "Ready")).exit());
        }
        JsonNode all = cli("history", NODES, key, "--json").json();
        assertEquals(written, all.path("versions").size());
        assertTrue(all.path("nextCursor").isNull(), all.path("nextCursor").toString());
        assertTrue(cli("history", NODES, key).out().contains(written + " version(s) of"));
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
