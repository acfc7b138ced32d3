package io.snapgrid.node.testing;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on RFC 7807 answers, for tests outside the rest package (which has its own in EntriesRestTest). */
public final class Problems {

    private Problems() {
    }

    public static void assertProblem(Http.Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.contentType(), reply::toString);
        JsonNode problem = reply.json();
        assertEquals("urn:snapgrid:problem:" + type, problem.path("type").asText(), reply::toString);
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("detail").asText().length() > 5, reply::toString);
    }
}
