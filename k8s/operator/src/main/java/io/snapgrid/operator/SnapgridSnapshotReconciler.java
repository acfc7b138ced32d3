package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridSnapshot;
import io.snapgrid.operator.api.SnapgridSnapshot.MapSnapshot;
import io.snapgrid.operator.api.SnapgridSnapshot.Status;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Asks the named cluster for a full snapshot of each map once (POST /v1/snapshots; the control service's leader
 * runs it) and mirrors each operation (GET /v1/operations/{id}) until all have ended. Any member will do: operations
 * live in control state, readable on every member with a majority in view.
 */
public final class SnapgridSnapshotReconciler implements Reconciler<SnapgridSnapshot> {

    private static final Set<String> ENDED = Set.of("succeeded", "failed");
    private final KubernetesClient client;
    private final MemberAddresses addresses;
    private final MemberClients members;
    private final Duration resync;

    public SnapgridSnapshotReconciler(KubernetesClient client, MemberAddresses addresses, MemberClients members,
                                      Duration resync) {
        this.client = client;
        this.addresses = addresses;
        this.members = members;
        this.resync = resync;
    }

    /** A member of the named cluster, and how to call it. */
    private record Member(MemberRest rest, URI address) {
    }

    @Override
    public UpdateControl<SnapgridSnapshot> reconcile(SnapgridSnapshot snapshot, Context<SnapgridSnapshot> context) {
        Status previous = snapshot.getStatus();
        if (previous != null && ("Succeeded".equals(previous.state()) || "Failed".equals(previous.state()))) {
            return UpdateControl.noUpdate();
        }
        Map<String, MapSnapshot> known = previous == null || previous.maps() == null ? Map.of()
                : previous.maps().stream().collect(Collectors.toMap(MapSnapshot::map, Function.identity()));
        List<MapSnapshot> maps = new ArrayList<>();
        String unreachable = null;
        for (String map : snapshot.getSpec().maps()) {
            MapSnapshot before = known.get(map);
            if (before != null && ENDED.contains(before.state())) {
                maps.add(before);
                continue;
            }
            try {
                Member member = member(snapshot);
                MapSnapshot now = before == null || before.operation() == null ? request(member, map)
                        : follow(member, before);
                maps.add(now.snapshotId() == null && "succeeded".equals(now.state())
                        ? now.withSnapshotId(newestFull(member, map)) : now);
            } catch (IOException e) {
                unreachable = e.getMessage();
                maps.add(before == null ? new MapSnapshot(map, null, "pending", null, null, null) : before);
            }
        }
        Status status = summarize(maps, unreachable);
        snapshot.setStatus(status);
        UpdateControl<SnapgridSnapshot> update = UpdateControl.patchStatus(snapshot);
        return "Succeeded".equals(status.state()) || "Failed".equals(status.state()) ? update
                : update.rescheduleAfter(resync);
    }

    private static MapSnapshot request(Member member, String map) throws IOException {
        MemberRest.Answer answer = member.rest().post(member.address(), "/v1/snapshots?map="
                + URLEncoder.encode(map, StandardCharsets.UTF_8));
        if (answer.status() == 202) {
            return mirror(map, answer.body());
        }
        if (answer.status() == 503) {
            throw new IOException("the cluster has no majority to record the request: " + answer.body());
        }
        // 404 unknown map, 409 nothing to fold, 400 a bad name: asking again changes nothing.
        return new MapSnapshot(map, null, "failed", null, null, answer.body().path("detail").asText(
                "answered " + answer.status()));
    }

    private static MapSnapshot follow(Member member, MapSnapshot before) throws IOException {
        return mirror(before.map(), member.rest().get(member.address(), "/v1/operations/" + before.operation()).ok());
    }

    private static MapSnapshot mirror(String map, JsonNode operation) {
        JsonNode rows = operation.path("progress").path("rowsWritten");
        JsonNode id = operation.path("result").path("snapshot").path("id");
        JsonNode error = operation.path("error");
        return new MapSnapshot(map, operation.path("id").asText(), operation.path("state").asText(),
                rows.isNumber() ? rows.asLong() : null, id.isValueNode() ? id.asText() : null,
                error.isTextual() ? error.asText() : null);
    }

    /**
     * The newest full snapshot of the map: what a request that found nothing to fold (the member's own compaction
     * had just written a full snapshot) reports, since that snapshot holds the map as of the request.
     */
    private static String newestFull(Member member, String map) throws IOException {
        JsonNode maps = member.rest().get(member.address(), "/v1/snapshots?map=" + URLEncoder.encode(map,
                StandardCharsets.UTF_8)).ok().path("maps");
        for (JsonNode listed : maps.path(0).path("snapshots")) {
            if ("full".equals(listed.path("kind").asText())) {
                return listed.path("id").asText();
            }
        }
        throw new IOException("the member lists no full snapshot of " + map + " after a full snapshot succeeded");
    }

    private static Status summarize(List<MapSnapshot> maps, String unreachable) {
        long done = maps.stream().filter(m -> "succeeded".equals(m.state())).count();
        List<String> errors = maps.stream().filter(m -> m.error() != null).map(m -> m.map() + ": " + m.error())
                .toList();
        String state;
        if (maps.stream().anyMatch(m -> "failed".equals(m.state()))) {
            state = "Failed";
        } else if (done == maps.size()) {
            state = "Succeeded";
        } else if (maps.stream().anyMatch(m -> "running".equals(m.state()) || "succeeded".equals(m.state()))) {
            state = "Running";
        } else {
            state = "Pending";
        }
        String message = unreachable != null ? "no member answered: " + unreachable
                : errors.isEmpty() ? null : String.join("; ", errors);
        return new Status(state, done + " of " + maps.size() + " maps done",
                maps.size() == 1 ? maps.get(0).snapshotId() : null, message, maps);
    }

    /** A member of the named cluster: the first of its pods with an address, called as the cluster's spec says. */
    private Member member(SnapgridSnapshot snapshot) throws IOException {
        String namespace = snapshot.getMetadata().getNamespace();
        String cluster = snapshot.getSpec().clusterName();
        SnapgridCluster resource = client.resources(SnapgridCluster.class).inNamespace(namespace).withName(cluster)
                .get();
        if (resource == null) {
            throw new IOException("no SnapgridCluster " + cluster + " in namespace " + namespace);
        }
        List<Pod> pods = client.pods().inNamespace(namespace)
                .withLabel(OwnedObjects.INSTANCE_LABEL, cluster)
                .withLabel(OwnedObjects.NAME_LABEL, BaseManifests.BASE_NAME).list().getItems();
        Optional<URI> address = pods.stream().map(addresses::rest).flatMap(Optional::stream).findFirst();
        return new Member(members.rest(resource, members.secrets(resource)), address.orElseThrow(() ->
                new IOException("SnapgridCluster " + cluster + " has no member with an address in namespace "
                        + namespace)));
    }
}
