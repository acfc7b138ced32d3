package io.snapgrid.node.bench;

import io.snapgrid.jobs.JobMaps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Batches as JSON arrays posted to {@code /v1/telemetry}, each attempt to the next member in turn. */
final class RestTelemetry implements TelemetryPath {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
    private static final Pattern REJECTED = Pattern.compile("\"rejected\"\\s*:\\s*(\\d+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private volatile List<URI> targets;

    RestTelemetry(List<String> restUrls) {
        target(restUrls);
    }

    /** From now on, batches go round-robin to these members only. */
    void target(List<String> restUrls) {
        targets = restUrls.stream().map(url -> URI.create(url + "/v1/telemetry")).toList();
    }

    @Override
    public Batch newBatch(int events) {
        return new Json(events);
    }

    @Override
    public String map() {
        return JobMaps.TELEMETRY_EVENTS;
    }

    @Override
    public Answer send(Batch batch, int attempt) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(attempt)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(((Json) batch).text(), StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(response.statusCode(), number(ACCEPTED, body), number(DUPLICATES, body),
                number(REJECTED, body), body);
    }

    @Override
    public String target(int attempt) {
        return uri(attempt).toString();
    }

    private URI uri(int attempt) {
        List<URI> now = targets;
        return now.get(attempt % now.size());
    }

    private static int number(Pattern field, String body) {
        Matcher m = field.matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static final class Json implements Batch {

        private final StringBuilder body;

        Json(int events) {
            body = new StringBuilder(events * 100).append('[');
        }

        @Override
        public void add(String id, String xname, String kind, Double value, long eventTime) {
            if (body.length() > 1) {
                body.append(',');
            }
            body.append("{\"id\":\"").append(id).append("\",\"xname\":\"").append(xname)
                    .append("\",\"kind\":\"").append(kind);
            if (value != null) {
                body.append("\",\"value\":").append(value.doubleValue());
            } else {
                body.append('"');
            }
            body.append(",\"eventTime\":").append(eventTime).append('}');
        }

        String text() {
            return body + "]";
        }
    }
}
