package io.snapgrid.node.bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API through one shared, pooled HTTP/1.1 client with keep-alive (Apache HttpClient 5, classic API), as a
 * service calling the API would set one up. Each call writes and reads on the caller's own thread over a pooled
 * connection, so the client adds no thread hand-offs; the JDK HttpClient this replaced passes every exchange through
 * its selector and a worker thread, two more wake-ups per call (docs/benchmarks.md has what that cost). Callers are
 * spread over the members round-robin so the REST load lands on every member, as the smart Java client's does.
 */
final class RestTransport implements Transport {

    /** Bounds a hung request so that the benchmark always ends; far above any latency worth measuring. */
    private static final Timeout TIMEOUT = Timeout.ofSeconds(30);
    /** Enough connections that no caller ever waits for one: every caller may be on the same member. */
    private static final int CONNECTIONS_PER_MEMBER = 64;

    private final String name;
    private final CloseableHttpClient http;
    private final Dataset data;
    /** Per member, per key: built once so that URI parsing is not part of the measured call. */
    private final List<URI[]> entryUris = new ArrayList<>();
    /** Per key, the member each call goes to; null: the caller's member, round-robin. */
    private final int[] memberOfKey;

    /** The entry routes of the dataset's map. */
    RestTransport(Dataset data, List<String> restUrls) {
        this(RestVersusClientBenchmark.REST, data, restUrls, "/v1/maps/" + Dataset.MAP + "/entries/");
    }

    /** Calls to {@code path} followed by the key, on each member; named {@code name} in the report. */
    RestTransport(String name, Dataset data, List<String> restUrls, String path) {
        this(name, data, restUrls, path, null);
    }

    /**
     * As above, but each call goes to the member {@code memberOfKey[key]} (an index into {@code restUrls}), as a
     * client that knows the grid's partitions would send it.
     */
    RestTransport(String name, Dataset data, List<String> restUrls, String path, int[] memberOfKey) {
        this.name = name;
        this.data = data;
        this.memberOfKey = memberOfKey;
        for (String base : restUrls) {
            URI[] uris = new URI[data.size()];
            for (int i = 0; i < uris.length; i++) {
                uris[i] = URI.create(base + path + data.key(i));
            }
            entryUris.add(uris);
        }
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnPerRoute(CONNECTIONS_PER_MEMBER)
                .setMaxConnTotal(CONNECTIONS_PER_MEMBER * restUrls.size())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(TIMEOUT).build())
                .build();
        // Minimal: keep-alive and the connection pool, without the redirect, retry, cookie and authentication
        // stages, none of which a single-key call uses.
        this.http = HttpClients.createMinimal(pool);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The body is received as bytes and not parsed: the Java client's GenericRecord is also read lazily, so neither
     * side pays for turning the whole value into objects.
     */
    @Override
    public void call(Op op, int key, int caller) throws Exception {
        URI uri = entryUris.get(memberOfKey == null ? caller % entryUris.size() : memberOfKey[key])[key];
        HttpUriRequestBase request;
        if (op == Op.PUT) {
            request = new HttpPut(uri);
            request.setEntity(new ByteArrayEntity(data.json(key), ContentType.APPLICATION_JSON));
        } else {
            request = new HttpGet(uri);
        }
        http.execute(request, response -> {
            int status = response.getCode();
            byte[] body = EntityUtils.toByteArray(response.getEntity());
            boolean expected = op == Op.GET ? status == 200 : status == 200 || status == 201;
            if (!expected) {
                throw new IllegalStateException(op + " " + data.key(key) + " answered " + status + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
            return null;
        });
    }
}
