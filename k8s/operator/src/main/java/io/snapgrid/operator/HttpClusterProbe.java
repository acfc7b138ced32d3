package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.operator.api.MapSnapshots;
import io.snapgrid.operator.api.PublishedSnapshot;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The members' own REST answers (grid-node's ClusterController, ControlController and SnapshotsController). */
public final class HttpClusterProbe implements ClusterProbe {

    @Override
    public MemberReport probe(MemberRest rest, URI member) throws IOException {
        boolean ready = rest.get(member, "/health/readiness").status() == 200;
        JsonNode cluster = rest.get(member, "/v1/cluster").ok();
        JsonNode control = rest.get(member, "/v1/control").ok();
        List<String> memberIds = new ArrayList<>();
        cluster.path("members").forEach(m -> memberIds.add(m.path("uuid").asText()));
        JsonNode leader = control.path("leader");
        return new MemberReport(ready, cluster.path("clusterName").asText(),
                cluster.path("localMember").path("uuid").asText(),
                cluster.path("localMember").path("address").asText(), List.copyOf(memberIds),
                cluster.path("safe").asBoolean(false),
                leader.isObject() ? leader.path("member").asText() : null,
                leader.isObject() ? leader.path("address").asText() : null,
                leader.isObject() ? leader.path("epoch").asLong() : null);
    }

    /** Each map's list is newest first; a snapshot the member could not read is listed with its id only. */
    @Override
    public List<MapSnapshots> snapshots(MemberRest rest, URI member) throws IOException {
        List<MapSnapshots> maps = new ArrayList<>();
        for (JsonNode map : rest.get(member, "/v1/snapshots").ok().path("maps")) {
            JsonNode listed = map.path("snapshots");
            if (listed.isEmpty()) {
                continue;
            }
            String newestFull = null;
            for (JsonNode snapshot : listed) {
                if ("full".equals(snapshot.path("kind").asText())) {
                    newestFull = snapshot.path("id").asText();
                    break;
                }
            }
            JsonNode newest = listed.get(0);
            maps.add(new MapSnapshots(map.path("map").asText(), new PublishedSnapshot(newest.path("id").asText(),
                    text(newest.path("kind")), text(newest.path("createdAt")),
                    newest.path("rows").isNumber() ? newest.path("rows").asLong() : null), newestFull));
        }
        return List.copyOf(maps);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
