package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
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
 *
 * <p>The read floor, {@code /bench/floor/read/{key}}, also reads the key from the grid as the entry GET does (a
 * blocking {@code get} on the same member, so a forwarded read when another member owns the key), and then answers
 * the same constant body: no lookups, no rendering, no ETag. An entry GET does all of that and more, so the read
 * floor's ratio to the client bounds what any change inside the entry route could reach on the same server. The
 * benchmark also calls it at each key's owner, where the read is not forwarded.
 */
@Controller("/bench/floor")
@Requires(beans = RouteFloor.On.class)
class RouteFloor {

    /** Turns the route on, with the body it answers. */
    record On(byte[] body) {
    }

    private final byte[] body;
    private final IMap<String, Object> map;

    RouteFloor(On on, HazelcastInstance member) {
        this.body = on.body();
        this.map = member.getMap(Dataset.MAP);
    }

    @Get(uri = "/{key}", produces = MediaType.APPLICATION_JSON)
    byte[] get(String key) {
        return body;
    }

    @Get(uri = "/read/{key}", produces = MediaType.APPLICATION_JSON)
    byte[] read(String key) {
        if (map.get(key) == null) {
            throw new IllegalStateException("the benchmark's dataset has no key " + key);
        }
        return body;
    }
}
