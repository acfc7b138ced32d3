package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Calls to one cluster's members' REST API, with the cluster's bearer token if it has security on and over a
 * client that trusts its certificates if it has TLS; a member that does not answer is an IOException.
 */
final class MemberRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http;
    private final Supplier<Optional<String>> token;

    MemberRest(HttpClient http, Supplier<Optional<String>> token) {
        this.http = http;
        this.token = token;
    }

    /** A status code and the body as JSON (missing if it was not JSON). */
    record Answer(int status, JsonNode body) {

        JsonNode ok() throws IOException {
            if (status != 200) {
                throw new IOException("answered " + status + ": " + body);
            }
            return body;
        }
    }

    Answer get(URI rest, String path) throws IOException {
        return send(HttpRequest.newBuilder(rest.resolve(path)).GET());
    }

    Answer post(URI rest, String path) throws IOException {
        return send(HttpRequest.newBuilder(rest.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        token.get().ifPresent(bearer -> request.header("Authorization", "Bearer " + bearer));
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = MissingNode.getInstance();
            }
            return new Answer(response.statusCode(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
