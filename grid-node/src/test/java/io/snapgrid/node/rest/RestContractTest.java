package io.snapgrid.node.rest;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served OpenAPI document against the node that serves it. Every documented operation is called with good and
 * bad requests, and each answer's status, media type and body must be as the document says (swagger-parser reads
 * the document, networknt's validator checks the bodies); every route the node has must be in the document. Then a
 * seeded fuzz run sends requests made from the document with bad bodies, headers, keys and queries: no 5xx, every
 * 4xx problem+json, nothing written by a refused request.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestContractTest extends MicronautTestNode {

    /** Fuzz requests per run; a failing seed is re-run with -Dsnapgrid.fuzz.seed=<seed>. */
    private static final int FUZZ_REQUESTS = 1500;
    /** Routes that are not the v1 API: Micronaut's probes and the metrics scrape (docs/observability.md). */
    private static final Set<String> NOT_API = Set.of("/health", "/health/{}", "/health/{}/{}", "/prometheus",
            "/prometheus/{}");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    Router router;
    @Inject
    HazelcastInstance member;

    private OpenApiContract contract;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Set<Integer>> answered = new HashMap<>();

    @Override
    protected List<String> flags() {
        // A weak map that publishes a snapshot within a second, so a full snapshot can be started and followed.
        return List.of("--storage-classes.stats-rack-states.snapshot-interval=1s", "--rest.max-body-bytes=65536");
    }

    @BeforeAll
    void loadTheServedDocument() throws Exception {
        Http.Reply served = http.get("/openapi/snapgrid-v1.yml");
        assertEquals(200, served.status(), served::toString);
        assertEquals("application/yaml", served.contentType());
        contract = new OpenApiContract(served.body());
    }

    @Test
    void theDocumentListsEveryRouteAndOnlyRoutesTheNodeHas() {
        Set<String> documented = contract.operations().stream()
                .map(op -> op.method().toUpperCase() + " " + OpenApiContract.shape(op.path()))
                .collect(Collectors.toCollection(TreeSet::new));
        // Micronaut answers HEAD for every GET route by itself; HTTP defines HEAD as GET without the body.
        Set<String> undocumented = router.uriRoutes()
                .filter(route -> !NOT_API.contains(OpenApiContract.shape(route.getUriMatchTemplate().toPathString())))
                .map(route -> route.getHttpMethodName() + " " + OpenApiContract.shape(
                        route.getUriMatchTemplate().toPathString()))
                .filter(route -> !documented.contains(route) && !documented.contains(route.replaceFirst("^HEAD ", "GET ")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), undocumented, "routes the document does not list");
        List<String> unserved = contract.operations().stream()
                .filter(op -> router.uriRoutes().noneMatch(route -> route.getHttpMethodName().equalsIgnoreCase(op.method())
                        && route.match(op.path().replaceAll("\\{[^}]*}", "x")).isPresent()))
                .map(op -> op.method() + " " + op.path()).toList();
        assertEquals(List.of(), unserved, "documented operations no route serves");
        assertTrue(contract.api.getServers() != null && !contract.api.getServers().isEmpty(), "servers");
        assertTrue(contract.api.getInfo().getLicense() != null, "license");
        assertEquals("bearer", contract.api.getComponents().getSecuritySchemes().get("bearer").getScheme());
        Set<String> ids = new TreeSet<>();
        contract.operations().forEach(op -> assertTrue(ids.add(op.id()), "operation id " + op.id() + " twice"));
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        for (String map : typedMaps()) {
            entryCalls(map);
        }
        String racks = "/v1/maps/inventory.racks";
        check("getEntry", send("GET", racks + "/entries/r1", null, null));
        check("putEntry", send("PUT", "/v1/maps/a..b/entries/r1", "application/json", "{}"));
        grid();
        snapshots();

        List<String> uncovered = new ArrayList<>();
        for (OpenApiContract.Documented op : contract.operations()) {
            Set<Integer> statuses = answered.getOrDefault(op.id(), Set.of());
            if (statuses.stream().noneMatch(status -> status < 400)) {
                uncovered.add(op.id() + " never succeeded " + statuses);
            }
            if (op.hasInput() && statuses.stream().noneMatch(status -> status >= 400 && status < 500)) {
                uncovered.add(op.id() + " was never refused " + statuses);
            }
        }
        assertEquals(List.of(), violations, "answers that break the document");
        assertEquals(List.of(), uncovered, "operations not exercised");
    }

    /** The schema-bound maps the document has typed paths for. */
    private List<String> typedMaps() {
        return contract.operations().stream().map(OpenApiContract.Documented::path)
                .filter(path -> path.startsWith("/v1/maps/") && !path.startsWith("/v1/maps/{map}"))
                .map(path -> path.split("/")[3]).distinct().sorted().toList();
    }

    /** Good and bad calls of every /v1/maps/{map}/... operation, valid against the generic and the map's paths. */
    private void entryCalls(String map) {
        String base = "/v1/maps/" + map;
        DocumentedBodies bodies = new DocumentedBodies(contract.document(), new Random(map.hashCode()));
        String record = bodies.valid(contract.document().path("paths").path(base + "/entries/{key}").path("put")
                .path("requestBody").path("content").path("application/json").path("schema")).toString();
        // Keys of its own: the fuzz run (in any order with this test) never names them.
        String entry = base + "/entries/contract-1";

        Http.Reply created = check(map, "putEntry", send("PUT", entry, "application/json", record));
        assertEquals(201, created.status(), created::toString);
        check(map, "putEntry", send("PUT", entry, "application/json", record));
        check(map, "putEntry", send("PUT", entry, "application/json", "{\"unknown\": 1}"));
        check(map, "putEntry", send("PUT", entry, "text/plain", record));
        check(map, "putEntry", send("PUT", entry, "application/json", record, "If-Match", "\"other\""));
        Http.Reply read = check(map, "getEntry", send("GET", entry, null, null));
        check(map, "getEntry", send("GET", entry, null, null, "If-None-Match", read.etag()));
        check(map, "getEntry", send("GET", base + "/entries/absent", null, null));
        check(map, "getEntry", send("GET", entry + "?asOf=yesterday", null, null));
        check(map, "getEntry", send("GET", entry + "?asOf=2000-01-01T00:00:00Z", null, null));
        check(map, "patchEntry", send("PATCH", entry, EntriesController.MERGE_PATCH, "{}"));
        check(map, "patchEntry", send("PATCH", entry, "application/json", "{}"));
        check(map, "patchEntry", send("PATCH", base + "/entries/absent", EntriesController.MERGE_PATCH, "{}"));
        check(map, "patchEntry", send("PATCH", entry, EntriesController.MERGE_PATCH, "{"));
        check(map, "listEntries", send("GET", base + "/entries", null, null));
        check(map, "listEntries", send("GET", base + "/entries?limit=0", null, null));
        check(map, "listEntries", send("GET", base + "/entries?asOf=2000-01-01T00:00:00Z", null, null));
        check(map, "entryHistory", send("GET", entry + "/history", null, null));
        check(map, "entryHistory", send("GET", entry + "/history?from=soon", null, null));
        check(map, "batchPut", send("POST", base + "/batch/put", "application/json",
                "{\"entries\": [{\"key\": \"contract-2\", \"value\": " + record + "}, {\"key\": 5}]}"));
        check(map, "batchPut", send("POST", base + "/batch/put", "application/json", "[]"));
        check(map, "batchGet", send("POST", base + "/batch/get", "application/json", "{\"keys\": [\"contract-1\", \"zz\", 3]}"));
        check(map, "batchGet", send("POST", base + "/batch/get", "text/plain", "{\"keys\": []}"));
        check(map, "batchPatch", send("POST", base + "/batch/patch", "application/json",
                "{\"entries\": [{\"key\": \"contract-2\", \"patch\": {}}, {\"key\": \"zz\", \"patch\": {}}]}"));
        check(map, "batchPatch", send("POST", base + "/batch/patch", "application/json", "{\"entries\": 1}"));
        check(map, "batchDelete", send("POST", base + "/batch/delete", "application/json", "{\"keys\": [\"contract-2\"]}"));
        check(map, "batchDelete", send("POST", base + "/batch/delete", "application/json", "nope"));
        check(map, "followChanges", send("GET", base + "/changes", null, null));
        check(map, "followChanges", send("GET", base + "/changes?where=" + encode("state >< 1"), null, null));
        check(map, "deleteEntry", send("DELETE", entry, null, null, "If-Match", "\"other\""));
        check(map, "deleteEntry", send("DELETE", entry, null, null));
        check(map, "deleteEntry", send("DELETE", entry, null, null));
    }

    /** Cluster, control, maps, jobs, SQL and telemetry. */
    private void grid() {
        check("getOpenApiDocument", send("GET", "/openapi/snapgrid-v1.yml", null, null));
        check("getCluster", send("GET", "/v1/cluster", null, null));
        check("getControlStatus", send("GET", "/v1/control", null, null));
        check("listMaps", send("GET", "/v1/maps", null, null));
        check("describeMap", send("GET", "/v1/maps/inventory.nodes", null, null));
        check("describeMap", send("GET", "/v1/maps/inventory.racks", null, null));
        check("describeMap", send("GET", "/v1/maps/nowhere.x", null, null));
        check("describeMap", send("GET", "/v1/maps/a..b", null, null));
        Http.Reply jobs = check("listJobs", send("GET", "/v1/jobs", null, null));
        check("getJob", send("GET", "/v1/jobs/" + jobs.json().path("jobs").path(0).path("name").asText(), null, null));
        check("getJob", send("GET", "/v1/jobs/no-such-job", null, null));
        check("runSql", send("POST", "/v1/sql", "application/json",
                "{\"sql\": \"SELECT __key FROM \\\"inventory.nodes\\\"\", \"params\": []}"));
        check("runSql", send("POST", "/v1/sql", "application/json", "{\"sql\": \"DELETE FROM x\"}"));
        check("runSql", send("POST", "/v1/sql", "text/plain", "{\"sql\": \"SELECT 1\"}"));
        check("historySql", send("POST", "/v1/history/sql", "application/json", "{\"sql\": \"SELECT 42 AS answer\"}"));
        check("historySql", send("POST", "/v1/history/sql", "application/json", "{\"sql\": \"COPY x TO 'y'\"}"));
        String event = "{\"id\": \"contract-1\", \"xname\": \"x1000c0s0b0n0\", \"kind\": \"heartbeat\", \"eventTime\": "
                + System.currentTimeMillis() + "}";
        check("ingestTelemetry", send("POST", "/v1/telemetry", "application/json", "[" + event + "]"));
        check("ingestTelemetry", send("POST", "/v1/telemetry", "application/json", "{}"));
        check("ingestTelemetry", send("POST", "/v1/telemetry", "application/json", "[{}]"));
    }

    /** Listing, verifying, and a full snapshot of a weak map followed to its end. */
    private void snapshots() {
        check("listSnapshots", send("GET", "/v1/snapshots?map=a..b", null, null));
        check("verifySnapshots", send("POST", "/v1/snapshots/verify", null, null));
        check("verifySnapshots", send("POST", "/v1/snapshots/verify?map=a..b", null, null));
        check("startFullSnapshot", send("POST", "/v1/snapshots", null, null));
        check("startFullSnapshot", send("POST", "/v1/snapshots?map=nowhere.x", null, null));
        check("getOperation", send("GET", "/v1/operations/no-such-operation", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> check("listSnapshots",
                send("GET", "/v1/snapshots?map=stats.rack-states", null, null)).json().path("maps").size() == 1);
        Http.Reply started = check("startFullSnapshot", send("POST", "/v1/snapshots?map=stats.rack-states", null, null));
        assertEquals(202, started.status(), started::toString);
        check("getOperation", send("GET", started.location(), null, null));
    }

    @Test
    void fuzzedRequestsGetNoServerErrorAndWriteNothingWhenRefused() {
        long seed = Long.getLong("snapgrid.fuzz.seed", System.nanoTime());
        System.out.println("RestContractTest fuzz seed " + seed + " (-Dsnapgrid.fuzz.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        RequestFuzzer fuzzer = new RequestFuzzer(contract, new DocumentedBodies(contract.document(), random), random,
                typedMaps());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < FUZZ_REQUESTS && failures.size() < 20; i++) {
            RequestFuzzer.Fuzzed request = fuzzer.next();
            Map<String, Object> before = stored(request.writes());
            Http.Reply reply = send(request.method(), request.path(), request.contentType(), request.body(),
                    request.headers());
            String seen = "#" + i + " " + request + " -> " + reply;
            if (reply.status() >= 500) {
                failures.add("server error: " + seen);
            } else if (reply.status() >= 400) {
                if (!"application/problem+json".equals(reply.contentType())
                        || reply.json().path("status").asInt() != reply.status()) {
                    failures.add("not problem+json: " + seen);
                }
                if (!Objects.equals(before, stored(request.writes()))) {
                    failures.add("written although refused: " + seen);
                }
            }
            contract.violations(request.operation(), reply).forEach(violation -> failures.add(violation + " " + seen));
        }
        assertEquals(List.of(), failures, "seed " + seed);
    }

    /** What the grid holds under the keys a request would write, read without REST. */
    private Map<String, Object> stored(List<RequestFuzzer.Target> targets) {
        Map<String, Object> values = new HashMap<>();
        for (RequestFuzzer.Target target : targets) {
            GenericRecord value = member.<String, GenericRecord>getMap(target.map()).get(target.key());
            values.put(target.map() + "/" + target.key(), value == null ? "absent" : value.toString());
        }
        return values;
    }

    private Http.Reply check(String map, String operationId, Http.Reply reply) {
        check(operationId, reply);
        return check(operationId + "_" + map.replaceAll("[^A-Za-z0-9]", "_"), reply);
    }

    private Http.Reply check(String operationId, Http.Reply reply) {
        violations.addAll(contract.violations(contract.operation(operationId), reply));
        answered.computeIfAbsent(operationId, id -> new TreeSet<>()).add(reply.status());
        return reply;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** One request; an event stream is closed once its status and headers are in, since it never ends by itself. */
    Http.Reply send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            String text;
            try (InputStream in = response.body()) {
                text = type != null && type.startsWith("text/event-stream") ? ""
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Http.Reply(response.statusCode(), text, response.headers().firstValue("ETag").orElse(null),
                    type, response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
