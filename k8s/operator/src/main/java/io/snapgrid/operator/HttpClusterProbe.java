package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The members' own REST answers (grid-node's ClusterController and ControlController). */
public final class HttpClusterProbe implements ClusterProbe {

    private final MemberRest rest = new MemberRest();

    @Override
    public MemberReport probe(URI member) throws IOException {
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
}
