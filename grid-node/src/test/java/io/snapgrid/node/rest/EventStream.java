package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Server-Sent Events stream read over real HTTP, one event at a time and only when asked: a stream nobody calls
 * {@link #next()} on is a subscriber that does not read (the JDK client stops reading the socket).
 */
final class EventStream implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    record Received(String name, String id, JsonNode data) {
        String key() {
            return data.path("key").asText();
        }
    }

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body().iterator();
    }

    static EventStream open(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new EventStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    /** The next event, or null when the server ended the stream; a limit only ends a test that would hang. */
    Received next() {
        try {
            return reader.submit(this::read).get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no event within 90 s", e);
        }
    }

    /** The next event named {@code name}, skipping the others. */
    Received next(String name) {
        for (Received event = next(); event != null; event = next()) {
            if (event.name().equals(name)) {
                return event;
            }
        }
        throw new IllegalStateException("the stream ended before a '" + name + "' event");
    }

    private Received read() throws IOException {
        String name = "message";
        String id = null;
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    return new Received(name, id, Http.JSON.readTree(data.toString()));
                }
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
            }
        }
        return null;
    }

    @Override
    public void close() {
        reader.shutdownNow();
        response.body().close();
    }
}
