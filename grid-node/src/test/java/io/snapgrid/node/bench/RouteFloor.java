package io.snapgrid.node.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * The cheapest GET a node's HTTP server answers: a constant body, one record's JSON, with no grid access
 * and no ETag, run like the entry routes (the node's thread selection, filters and HTTP metrics). bench-rest measures
 * it beside the entry GET and the Java client, so that its report shows how much of a REST GET's cost is the HTTP
 * server's own, which no change inside the entry route can remove. Served only by nodes started with {@link On}
 * among their beans, so that no other test sees a route the API document does not list.
 */
@Controller("/bench/floor")
@Requires(beans = RouteFloor.On.class)
class RouteFloor {

    /** Turns the route on, with the body it answers. */
    record On(byte[] body) {
    }

    private final byte[] body;

    RouteFloor(On on) {
        this.body = on.body();
    }

    @Get(uri = "/{key}", produces = MediaType.APPLICATION_JSON)
    byte[] get(String key) {
        return body;
    }
}
