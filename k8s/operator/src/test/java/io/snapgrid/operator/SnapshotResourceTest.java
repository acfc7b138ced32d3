package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.snapgrid.operator.api.MapSnapshots;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import io.snapgrid.operator.api.SnapgridSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SnapgridSnapshot of a one-member cluster with security on (tokens signed with an HMAC secret, HTTPS with a
 * self-signed certificate, both from Secrets): the operator reaches the member only with its own signed token over
 * TLS, sees it Ready, lists its newest snapshots in the cluster's status, asks it for a full snapshot and mirrors
 * the operation until it ends; the id it reports is the newest full snapshot the member lists. A map without
 * snapshots fails with the member's reason.
 */
@EnableKubernetesMockClient(crud = true)
class SnapshotResourceTest {

    private static final String MAP = "inventory.nodes";

    KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void fullSnapshotOfASecuredMemberSucceedsWithTheIdTheMemberLists() throws Exception {
        SecuritySecrets secrets = new SecuritySecrets();
        secrets.create(client, OperatorFixture.NAMESPACE);
        try (SimulatedStatefulSets sets = new SimulatedStatefulSets(client, OperatorFixture.NAMESPACE, temp);
             OperatorFixture operator = new OperatorFixture(client, sets::rest)) {
            SnapgridClusterSpec spec = new SnapgridClusterSpec();
            spec.setReplicas(1);
            // A generated inventory in the strong map, its commit log rolled into deltas every second.
            spec.setConfig(Map.of("demo", Map.of("nodes", 50),
                    "snapshots", Map.of("commit-log", Map.of("roll-interval", "1s"))));
            spec.setSecurity(SecuritySecrets.spec());
            operator.create("grid", spec);
            await("Ready=True").until(() -> operator.conditionIs("grid", Conditions.READY, "True"));
            URI member = sets.rest(client.pods().inNamespace(OperatorFixture.NAMESPACE).withName("grid-0").get())
                    .orElseThrow();
            assertEquals("https", member.getScheme());
            MemberRest admin = new MemberClients(client, Clock.systemUTC()).rest(operator.get("grid"),
                    ClusterSecrets.read(client, OperatorFixture.NAMESPACE, spec.getSecurity()));
            // Security is really on: over HTTPS, and without a token 401.
            MemberRest noToken = new MemberRest(HttpClient.newBuilder().sslContext(CertificateTrust.of(
                    secrets.certificate.getBytes(StandardCharsets.US_ASCII))).build(), Optional::empty);
            assertEquals(401, noToken.get(member, "/v1/cluster").status());
            await("deltas of " + MAP + " published").until(() -> !snapshots(admin, member).isEmpty());

            create("full", List.of(MAP));
            create("nothing-to-fold", List.of("cache.empty"));
            await("snapshot ended").until(() -> ended(status("full")) && ended(status("nothing-to-fold")));

            SnapgridSnapshot.Status full = status("full");
            assertEquals("Succeeded", full.state(), full.toString());
            assertNotNull(full.snapshotId(), full.toString());
            JsonNode newestFull = snapshots(admin, member).stream()
                    .filter(s -> s.path("kind").asText().equals("full")).findFirst().orElseThrow();
            assertEquals(newestFull.path("id").asText(), full.snapshotId());
            assertEquals("1 of 1 maps done", full.progress());

            SnapgridSnapshot.Status refused = status("nothing-to-fold");
            assertEquals("Failed", refused.state(), refused.toString());
            assertTrue(refused.message().contains("no published snapshots"), refused.message());

            // The cluster's status lists the map with the newest snapshot the member lists, and the full one.
            await("status lists " + MAP + " as the member does").until(() -> {
                Optional<MapSnapshots> listed = operator.get("grid").getStatus().getSnapshots().stream()
                        .filter(m -> m.map().equals(MAP)).findFirst();
                JsonNode newest = snapshots(admin, member).get(0);
                return listed.isPresent() && full.snapshotId().equals(listed.get().newestFullId())
                        && listed.get().newest().id().equals(newest.path("id").asText())
                        && listed.get().newest().kind().equals(newest.path("kind").asText())
                        && listed.get().newest().createdAt().equals(newest.path("createdAt").asText());
            });
        }
    }

    private void create(String name, List<String> maps) {
        SnapgridSnapshot snapshot = new SnapgridSnapshot();
        snapshot.getMetadata().setName(name);
        snapshot.getMetadata().setNamespace(OperatorFixture.NAMESPACE);
        snapshot.setSpec(new SnapgridSnapshot.Spec("grid", maps));
        client.resource(snapshot).create();
    }

    private SnapgridSnapshot.Status status(String name) {
        return client.resources(SnapgridSnapshot.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get()
                .getStatus();
    }

    private static boolean ended(SnapgridSnapshot.Status status) {
        return status != null && (status.state().equals("Succeeded") || status.state().equals("Failed"));
    }

    /** The member's list of the map's snapshots, newest first. */
    private static List<JsonNode> snapshots(MemberRest admin, URI member) {
        try {
            JsonNode maps = admin.get(member, "/v1/snapshots?map=" + MAP).ok().path("maps");
            List<JsonNode> snapshots = new ArrayList<>();
            maps.path(0).path("snapshots").forEach(snapshots::add);
            return snapshots;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
