package io.snapgrid.client.example;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.nearcache.NearCacheStats;
import com.hazelcast.sql.SqlResult;
import com.hazelcast.sql.SqlRow;
import io.snapgrid.client.ClientSettings;
import io.snapgrid.client.RecordShapeException;
import io.snapgrid.client.SnapgridClient;
import io.snapgrid.client.SnapgridMaps;
import io.snapgrid.client.records.Arch;
import io.snapgrid.client.records.Bmc;
import io.snapgrid.client.records.Nic;
import io.snapgrid.client.records.Node;
import io.snapgrid.client.records.Role;
import io.snapgrid.client.records.State;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What docs/java-client.md shows, as one program: connect, write and read a typed record, query with SQL, listen
 * to changes, and see the near cache at work. It lives in the test sources so that every build compiles it, and
 * grid-node's NearCacheClientTest runs it against a real node.
 * <pre>
 * SnapgridExample [cluster name] [member ...]     (default: snapgrid 127.0.0.1:5701, i.e. ./snapgrid node)
 * </pre>
 */
public final class SnapgridExample {

    private static final String XNAME = "x9000c0s0b0n0";

    private SnapgridExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClientSettings settings = args.length == 0 ? ClientSettings.local()
                : ClientSettings.members(args[0], List.of(args).subList(1, args.length));
        HazelcastInstance client = SnapgridClient.connect(settings);
        try {
            run(client, System.out);
        } finally {
            client.shutdown();
        }
    }

    /** Writes, changes and finally removes the node {@value #XNAME}. */
    public static void run(HazelcastInstance client, PrintStream out) throws InterruptedException {
        IMap<String, Node> nodes = new SnapgridMaps(client).nodes();

        // Write: the builder starts from the schema's defaults (flag OK, no labels, ...); required fields must be set.
        Node node = Node.builder().hostname("example01").arch(Arch.x86_64).role(Role.Compute).state(State.Ready)
                .labels(Map.of("rack", "x9000"))
                .bmc(new Bmc("x9000c0s0b0", "02:00:00:00:90:01", "10.9.0.1"))
                .nics(List.of(new Nic("hsn0", "02:00:00:00:90:02", List.of("10.9.1.1"))))
                .lastHeartbeat(Instant.now())
                .build();
        nodes.set(XNAME, node);

        // Read: the first get goes to the member, the next ones are served by the near cache.
        for (int i = 0; i < 3; i++) {
            out.println("read " + XNAME + ": " + nodes.get(XNAME).state());
        }
        NearCacheStats nearCache = nodes.getLocalMapStats().getNearCacheStats();
        out.println("near cache: " + nearCache.getHits() + " hits, " + nearCache.getMisses() + " misses");

        // Query: SQL runs on the members, over the scalar top-level fields.
        try (SqlResult rows = client.getSql().execute(
                "SELECT __key, hostname FROM \"inventory.nodes\" WHERE state = ? AND hostname = ?",
                "Ready", "example01")) {
            for (SqlRow row : rows) {
                out.println("sql: " + row.<String>getObject("__key") + " " + row.<String>getObject("hostname"));
            }
        }

        // Listen: every change, whoever made it (REST, a job, another client).
        CountDownLatch heard = new CountDownLatch(1);
        UUID listener = nodes.addEntryListener((EntryUpdatedListener<String, Node>) event -> {
            out.println("changed: " + event.getKey() + " is now " + event.getValue().state());
            heard.countDown();
        }, true);
        try {
            nodes.set(XNAME, nodes.get(XNAME).toBuilder().state(State.Standby).build());
            if (!heard.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no change event within 30 s");
            }
        } finally {
            nodes.removeEntryListener(listener);
        }

        // A record the members would not store is refused with the field named.
        try {
            client.getMap(SnapgridMaps.NODES).set(XNAME, "not a node");
        } catch (RecordShapeException e) {
            out.println("refused: " + e.getMessage());
        }
        nodes.delete(XNAME);
    }
}
