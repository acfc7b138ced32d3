package io.snapgrid.node.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3-member cluster after a known workload, scraped over real HTTP: the metrics say what was done (entries equal
 * the entries written, fsyncs grow with strong writes), and every metric the monitoring component's dashboard and
 * alerting rules name is in the scrape.
 */
@Tag("cluster")
class MetricsScrapeTest {

    private static final String NODES = "inventory.nodes";
    private static final int WRITTEN = 40;
    private static final Path MONITORING = Path.of("..", "k8s", "components", "monitoring");
    private static final Pattern METRIC_NAME = Pattern.compile("\\bsnapgrid_[a-z0-9_]+");

    private static TestCluster cluster;
    private static double fsyncsBeforeTheWorkload;

    /** The known workload both tests read: {@value #WRITTEN} strong writes of new keys over REST. */
    @BeforeAll
    static void startAndWrite() {
        cluster = TestCluster.start(3);
        IntStream.range(0, cluster.size()).forEach(i ->
                await("member " + i + " ready").until(() -> new Http(cluster.restUrl(i)).get("/health/readiness")
                        .status() == 200));
        fsyncsBeforeTheWorkload = sum("snapgrid_commitlog_fsyncs_total", Map.of());
        Http http = new Http(cluster.restUrl(0));
        for (int i = 0; i < WRITTEN; i++) {
            String key = "x3000c0s" + i + "b0n0";
            assertEquals(201, http.put("/v1/maps/" + NODES + "/entries/" + key, Records.node("scrape" + i, "Ready"))
                    .status());
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theScrapeCountsTheWorkload() {
        // Map stats are read at most once a second per member, so a scrape just before the writes may still show.
        await("entries owned, over all members").until(() -> sum("snapgrid_map_entries", Map.of("map", NODES))
                == WRITTEN);
        await("one backup each").until(() -> sum("snapgrid_map_backup_entries", Map.of("map", NODES)) == WRITTEN);
        await("the writes counted").until(() -> sum("snapgrid_map_operations_total", Map.of("map", NODES, "op", "set"))
                + sum("snapgrid_map_operations_total", Map.of("map", NODES, "op", "put")) >= WRITTEN);
        assertTrue(sum("snapgrid_commitlog_fsyncs_total", Map.of()) > fsyncsBeforeTheWorkload,
                "strong writes are fsync'd");
        assertTrue(sum("snapgrid_commitlog_appends_total", Map.of()) >= WRITTEN);
        assertTrue(sum("snapgrid_commitlog_fsync_seconds_count", Map.of()) > 0);
        assertEquals(3.0, sum("snapgrid_cluster_members", Map.of()) / cluster.size());
        await("the cluster reported safe").until(() -> sum("snapgrid_cluster_safe", Map.of()) == cluster.size());
    }

    /** A compaction is counted on the member that ran it, with the rows and bytes of the full snapshot it wrote. */
    @Test
    void aCompactionIsCountedWithWhatItWrote() {
        Map<String, String> nodes = Map.of("map", NODES);
        double compactions = sum("snapgrid_snapshot_compaction_seconds_count", nodes);
        double rows = sum("snapgrid_snapshot_compaction_rows_total", nodes);
        double bytes = sum("snapgrid_snapshot_compaction_bytes_total", nodes);
        // A new version of a written key (not a new key: the entries stay the workload's) in a delta of its own.
        Http http = new Http(cluster.restUrl(0));
        assertEquals(200, http.put("/v1/maps/" + NODES + "/entries/x3000c0s0b0n0", Records.node("scrape0", "Off"))
                .status());
        IntStream.range(0, cluster.size()).forEach(i -> cluster.bean(i, SnapshotMapStores.class).rollLog());

        Http.Reply asked = http.post("/v1/snapshots?map=" + NODES, "");
        assertEquals(202, asked.status(), asked.toString());
        await("the full snapshot asked for").until(() ->
                http.get(asked.location()).json().path("state").asText().equals("succeeded"));
        // The snapshot-coordination duty may have folded the delta in first; either way a full of every key was written.
        await("the compaction counted").until(() ->
                sum("snapgrid_snapshot_compaction_seconds_count", nodes) >= compactions + 1);
        assertTrue(sum("snapgrid_snapshot_compaction_rows_total", nodes) >= rows + WRITTEN);
        assertTrue(sum("snapgrid_snapshot_compaction_bytes_total", nodes) > bytes);
        assertTrue(sum("snapgrid_snapshot_compaction_seconds_sum", nodes) > 0);
        // Retention runs after every compaction check of the duty, whether or not it removes anything.
        double retentions = sum("snapgrid_snapshot_retention_seconds_count", nodes);
        await("a retention run counted").until(() ->
                sum("snapgrid_snapshot_retention_seconds_count", nodes) > retentions);
    }

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsScraped() throws IOException {
        Set<String> named = new TreeSet<>();
        JsonNode dashboard = Http.JSON.readTree(Files.readString(MONITORING.resolve("snapgrid-dashboard.json")));
        dashboard.findValues("expr").forEach(expr -> named.addAll(names(expr.asText())));
        named.addAll(names(Files.readString(MONITORING.resolve("alerts.yaml"))));
        assertTrue(named.size() > 20, "names found: " + named);

        // Published snapshots are what some of them describe: publish the workload's strong writes now.
        IntStream.range(0, cluster.size()).forEach(i -> cluster.bean(i, SnapshotMapStores.class).rollLog());
        IntStream.range(0, cluster.size()).forEach(i -> cluster.bean(i, StoreMetrics.class).refreshCatalogue());
        await("every metric the dashboard and the alerts name").untilAsserted(() -> {
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(scrapedNames());
            assertEquals(Set.of(), missing, "named but not scraped");
        });
    }

    private static Set<String> names(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = METRIC_NAME.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static Set<String> scrapedNames() {
        Set<String> scraped = new TreeSet<>();
        for (int i = 0; i < cluster.size(); i++) {
            scrape(i).lines().filter(line -> !line.startsWith("#"))
                    .forEach(line -> scraped.add(line.split("[{ ]", 2)[0]));
        }
        return scraped;
    }

    private static String scrape(int member) {
        Http.Reply reply = new Http(cluster.restUrl(member)).get("/prometheus");
        assertEquals(200, reply.status());
        return reply.body();
    }

    /** The sum over every member's scrape of the series of that name whose labels include {@code labels}. */
    private static double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (int i = 0; i < cluster.size(); i++) {
            for (String line : scrape(i).lines().toList()) {
                if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                        && labels.entrySet().stream()
                        .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }
}
