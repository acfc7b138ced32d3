package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Single-key GET and PUT over REST against the stock Hazelcast Java client, on the same 3-member cluster in one
 * run, with 1 and 16 concurrent callers. Run it with {@code ./snapgrid bench-rest [--seconds=N --warmup=N --keys=N]}.
 * Members, client and callers all share this JVM and machine, so the figures are for comparing the two transports
 * with each other, not absolute capacities.
 */
public final class RestVersusClientBenchmark {

    static final String REST = "REST";
    static final String CLIENT = "client";
    /** GETs of {@link RouteFloor}: what the HTTP server itself costs a call. */
    static final String FLOOR = "HTTP floor";
    /** GETs of {@link RouteFloor}'s read route: the HTTP server plus the grid read, the least an entry GET costs. */
    static final String READ_FLOOR = "read floor";
    /**
     * The read floor with every call sent to the member that owns the key, so that no read is forwarded: what a REST
     * client aware of the grid's partitions would reach, and so the part of the read floor that is the forward.
     */
    static final String OWNER_READ_FLOOR = "read floor at owner";
    private static final int MEMBERS = 3;
    private static final int[] CALLERS = {1, 16};

    private RestVersusClientBenchmark() {
    }

    /** Exits non-zero only when an operation failed, never because of speed. */
    public static void main(String[] args) {
        SingleKeyMain.run(args, RestVersusClientBenchmark::run);
    }

    /** Starts a cluster, measures all cells and stops the cluster again; callable from tests, since it never exits. */
    static Report run(Options options) throws InterruptedException {
        Dataset data = Dataset.generate(options.keys());
        try (TestCluster cluster = TestCluster.start(MEMBERS, List.of(new RouteFloor.On(data.json(0))))) {
            List<String> restUrls = IntStream.range(0, MEMBERS).mapToObj(cluster::restUrl).toList();
            for (String url : restUrls) {
                Http http = new Http(url);
                await(url + " ready").until(() -> http.get("/health/readiness").status() == 200);
            }
            HazelcastInstance client = cluster.client();
            client.getMap(Dataset.MAP).putAll(data.compactByKey());

            Transport rest = new RestTransport(data, restUrls);
            Transport javaClient = new ClientTransport(CLIENT, client, data);
            Map<Op, List<Transport>> transports = Map.of(
                    Op.GET, List.of(rest, new RestTransport(FLOOR, data, restUrls, "/bench/floor/"),
                            new RestTransport(READ_FLOOR, data, restUrls, "/bench/floor/read/"),
                            new RestTransport(OWNER_READ_FLOOR, data, restUrls, "/bench/floor/read/",
                                    owners(cluster, client, data)), javaClient),
                    Op.PUT, List.of(rest, javaClient));
            CellRunner runner = new CellRunner(options, data.size());
            List<Cell> cells = new ArrayList<>();
            // The transports of one (op, callers) run back to back, so they all see the same background noise.
            for (Op op : Op.values()) {
                for (int callers : CALLERS) {
                    for (Transport transport : transports.get(op)) {
                        Cell cell = runner.run(transport, op, callers);
                        System.err.printf(Locale.ROOT, "bench: %s %d %s done, %d ops, %d errors%n",
                                op, callers, transport.name(), cell.ops(), cell.errors());
                        cells.add(cell);
                    }
                }
            }
            return new Report(Report.environment("members, client and callers"), settings(options, data), CLIENT, cells);
        }
    }

    /** Per key of the dataset, the index of the member that owns its partition now. */
    private static int[] owners(TestCluster cluster, HazelcastInstance client, Dataset data) {
        List<UUID> members = IntStream.range(0, MEMBERS)
                .mapToObj(m -> cluster.member(m).getCluster().getLocalMember().getUuid()).toList();
        int[] owners = new int[data.size()];
        for (int key = 0; key < owners.length; key++) {
            UUID owner = client.getPartitionService().getPartition(data.key(key)).getOwner().getUuid();
            owners[key] = members.indexOf(owner);
        }
        return owners;
    }

    private static String settings(Options options, Dataset data) {
        return String.format(Locale.ROOT, "settings: %d s measured after %d s warm-up per cell; %d keys of %s"
                        + " (mean JSON %d bytes), random key per call; %d members; REST via the minimal Apache"
                        + " HttpClient 5 (pooled, keep-alive, HTTP/1.1), callers round-robin over members; HTTP floor:"
                        + " GET of a test route answering one record's JSON without touching the grid; read floor: the"
                        + " same after reading the key from the grid; read floor at owner: each call to the key's"
                        + " owner; client with smart routing",
                options.seconds(), options.warmupSeconds(), data.size(), Dataset.MAP, data.meanJsonBytes(), MEMBERS);
    }
}
