package io.snapgrid.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that wants a token answers 401 with a problem body; until the node has authentication, a JDK HTTP server
 * answers as it will. The CLI sends --token as a Bearer token, and a 401 ends it with a clear message and code 4.
 */
class UnauthorizedTest {

    @Test
    void aRefusedTokenEndsWithItsOwnExitCodeAndMessage() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] problem = ("{\"type\":\"urn:snapgrid:problem:unauthorized\",\"title\":\"Unauthorized\","
                    + "\"status\":401,\"detail\":\"the token has expired\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, problem.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(problem);
            }
        });
        server.start();
        try {
            StringWriter err = new StringWriter();
            CommandLine cli = SnapgridCli.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("maps", "--url=http://127.0.0.1:" + server.getAddress().getPort(),
                    "--token=abc.def");
            assertEquals(ExitCode.UNAUTHORIZED, exit);
            assertEquals("Bearer abc.def", authorization.get());
            assertEquals("snapgrid: GET /v1/maps: 401 [unauthorized] not authorized: the token has expired (give a token with --token or"
                    + " SNAPGRID_TOKEN)", err.toString().strip());
        } finally {
            server.stop(0);
        }
    }
}
