package io.snapgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls a node's REST API. A reply of 4xx or 5xx ends the command with the node's RFC 7807 problem as the message
 * and the {@link ExitCode} of its status; a node that cannot be reached ends it with {@link ExitCode#UNAVAILABLE}.
 */
final class RestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final String token;

    /** {@code trust} null: the JDK's CAs decide whom an https:// URL may be. */
    RestClient(String base, String token, SSLContext trust) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.http = (trust == null ? http : http.sslContext(trust)).build();
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** The reply of any status, for calls whose status is the answer (readiness). */
    Reply exchange(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "cannot reach the node at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (e instanceof SSLHandshakeException ? " (trust its certificate or CA with --ca-cert FILE)"
                    : " (set --url or SNAPGRID_URL)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.UNAVAILABLE, "interrupted while calling " + base);
        }
        return new Reply(response.statusCode(), parse(response.body()),
                response.headers().firstValue("Location").orElse(null));
    }

    private JsonNode send(String method, String path, JsonNode body) {
        return checked(method, path, body).body();
    }

    /** The reply of a call that succeeded, for callers that need its status or Location. */
    Reply checked(String method, String path, JsonNode body) {
        Reply reply = exchange(method, path, body);
        if (reply.status() >= 400) {
            throw new CliFailure(ExitCode.ofStatus(reply.status()), describe(method, path, reply));
        }
        return reply;
    }

    private static String describe(String method, String path, Reply reply) {
        JsonNode problem = reply.body();
        String detail = problem.path("detail").asText(problem.path("title").asText(""));
        String type = problem.path("type").asText("");
        // Problem types are urn:snapgrid:problem:<kind>; the kind is what a user can look up.
        String kind = type.isEmpty() ? ""
                : " [" + type.substring(Math.max(type.lastIndexOf('/'), type.lastIndexOf(':')) + 1) + "]";
        String why = detail.isEmpty() ? "" : ": " + detail;
        String what = switch (reply.status()) {
            case 401 -> "not authorized" + why + " (give a token with --token or SNAPGRID_TOKEN)";
            case 403 -> "forbidden for this token" + why;
            default -> detail.isEmpty() ? "HTTP " + reply.status() : detail;
        };
        return method + " " + path + ": " + reply.status() + kind + " " + what;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    record Reply(int status, JsonNode body, String location) {
    }
}
