package io.snapgrid.node.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API through one shared JDK HttpClient over HTTP/1.1, as a plain client would call it. Callers are spread
 * over the members round-robin so the REST load lands on every member, as the smart Java client's does.
 */
final class RestTransport implements Transport {

    /** Bounds a hung request so that the benchmark always ends; far above any latency worth measuring. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Dataset data;
    /** Per member, per key: built once so that URI parsing is not part of the measured call. */
    private final List<URI[]> entryUris = new ArrayList<>();

    RestTransport(Dataset data, List<String> restUrls) {
        this.data = data;
        for (String base : restUrls) {
            URI[] uris = new URI[data.size()];
            for (int i = 0; i < uris.length; i++) {
                uris[i] = URI.create(base + "/v1/maps/" + Dataset.MAP + "/entries/" + data.key(i));
            }
            entryUris.add(uris);
        }
    }

    @Override
    public String name() {
        return RestVersusClientBenchmark.REST;
    }

    /**
     * The body is received as bytes and not parsed: the Java client's GenericRecord is also read lazily, so neither
     * side pays for turning the whole value into objects.
     */
    @Override
    public void call(Op op, int key, int caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(entryUris.get(caller % entryUris.size())[key])
                .timeout(TIMEOUT);
        if (op == Op.PUT) {
            request.PUT(HttpRequest.BodyPublishers.ofByteArray(data.json(key)))
                    .header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        boolean expected = op == Op.GET ? status == 200 : status == 200 || status == 201;
        if (!expected) {
            throw new IllegalStateException(op + " " + data.key(key) + " answered " + status + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }
}
