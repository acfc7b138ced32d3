package io.snapgrid.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring component: promtool accepts its alerting rules and their unit tests pass (each alert fires on the
 * series that should raise it), and it renders into ConfigMaps that carry the rules and a dashboard Grafana reads.
 * That every metric they name is exported is checked against a real cluster (grid-node's MetricsScrapeTest).
 */
class MonitoringTest {

    private static final String MONITORING = "components/monitoring";
    private static final String PROMTOOL = "the alerting rules are checked with promtool. Install it, e.g."
            + " apt-get install prometheus (.ci/run does).";

    @BeforeAll
    static void writeComponentsKustomization() throws IOException {
        ManifestsTest.writeComponentsKustomization();
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirTestsPass() {
        String checked = Kustomize.run("promtool", PROMTOOL, "check", "rules",
                Kustomize.K8S.resolve(MONITORING + "/alerts.yaml").toString());
        assertTrue(checked.contains("SUCCESS"), checked);
        String tested = Kustomize.run("promtool", PROMTOOL, "test", "rules",
                Kustomize.K8S.resolve(MONITORING + "/alerts-test.yaml").toString());
        assertTrue(tested.contains("SUCCESS"), tested);
    }

    @Test
    void theComponentShipsTheRulesAndADashboardGrafanaPicksUp() throws IOException {
        List<HasMetadata> resources = ManifestsTest.rendered(ManifestsTest.WITH_COMPONENTS);
        ConfigMap dashboard = configMap(resources, "snapgrid-grafana-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("snapgrid-dashboard.json"));
        List<String> rows = json.path("panels").findValues("type").stream().map(JsonNode::asText).toList();
        assertEquals(5, rows.stream().filter("row"::equals).count(), "cluster, maps, durability, jobs, control");
        json.path("panels").forEach(panel -> assertTrue(panel.path("type").asText().equals("row")
                || !panel.path("targets").isEmpty(), panel.path("title") + " has no query"));
        ConfigMap rules = configMap(resources, "snapgrid-prometheus-rules");
        assertFalse(rules.getData().get("alerts.yaml").isBlank());
    }

    private static ConfigMap configMap(List<HasMetadata> resources, String name) {
        return Manifests.ofKind(resources, ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }
}
