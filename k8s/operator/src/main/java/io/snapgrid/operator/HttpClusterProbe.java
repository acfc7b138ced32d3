package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The members' own REST answers (grid-node's ClusterController and ControlController). */
public final class HttpClusterProbe implements ClusterProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Override
    public MemberReport probe(URI rest) throws IOException {
        boolean ready = get(rest, "/health/readiness").statusCode() == 200;
        JsonNode cluster = json(rest, "/v1/cluster");
        JsonNode control = json(rest, "/v1/control");
        List<String> memberIds = new ArrayList<>();
        cluster.path("members").forEach(member -> memberIds.add(member.path("uuid").asText()));
        JsonNode leader = control.path("leader");
        return new MemberReport(ready, cluster.path("clusterName").asText(),
                cluster.path("localMember").path("uuid").asText(),
                cluster.path("localMember").path("address").asText(), List.copyOf(memberIds),
                cluster.path("safe").asBoolean(false),
                leader.isObject() ? leader.path("member").asText() : null,
                leader.isObject() ? leader.path("address").asText() : null,
                leader.isObject() ? leader.path("epoch").asLong() : null);
    }

    private JsonNode json(URI rest, String path) throws IOException {
        HttpResponse<String> response = get(rest, path);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(URI rest, String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
