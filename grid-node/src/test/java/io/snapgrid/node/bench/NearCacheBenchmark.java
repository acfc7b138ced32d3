package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nearcache.NearCacheStats;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.client.ClientSettings;
import io.snapgrid.client.SnapgridClient;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Single-key reads of {@code inventory.nodes} through the client kit's near cache against the same reads sent to the
 * member by a client without one, in one run on one member, with 1 and 16 concurrent callers. Run it with
 * {@code ./snapgrid bench-near-cache [--seconds=N --warmup=N --keys=N]}. The member, both clients and the callers
 * share this JVM, so compare the two transports with each other, not with other machines.
 */
public final class NearCacheBenchmark {

    static final String NEAR_CACHE = "near-cache";
    static final String REMOTE = "remote";
    private static final int[] CALLERS = {1, 16};

    private NearCacheBenchmark() {
    }

    /** Exits non-zero only when a read failed, never because of speed. */
    public static void main(String[] args) {
        SingleKeyMain.run(args, NearCacheBenchmark::run);
    }

    /**
     * A one-second run of every cell on a node a test has started already (the benchmark's smoke test shares
     * NearCacheClientTest's node rather than starting one of its own). Nothing about speed is checked.
     *
     * @throws IllegalStateException naming a cell that read nothing or failed a read
     */
    public static void smoke(TestCluster cluster) throws InterruptedException {
        Report report = run(Options.parse("--seconds=1", "--warmup=0", "--keys=200"), cluster);
        report.print(System.out);
        for (int callers : CALLERS) {
            for (String transport : List.of(NEAR_CACHE, REMOTE)) {
                Cell cell = report.cell(Op.GET, callers, transport)
                        .orElseThrow(() -> new IllegalStateException("no cell " + callers + " " + transport));
                if (cell.ops() == 0 || cell.errors() > 0) {
                    throw new IllegalStateException("no reads or errors in " + cell);
                }
            }
        }
    }

    /** Starts a member, measures every cell and stops the member again. */
    static Report run(Options options) throws InterruptedException {
        try (TestCluster cluster = TestCluster.start(1)) {
            Http http = new Http(cluster.restUrl(0));
            await("the member is ready").until(() -> http.get("/health/readiness").status() == 200);
            return run(options, cluster);
        }
    }

    private static Report run(Options options, TestCluster cluster) throws InterruptedException {
        Dataset data = Dataset.generate(options.keys());
        HazelcastInstance remote = StartedCluster.client(cluster);
        remote.getMap(Dataset.MAP).putAll(data.compactByKey());
        HazelcastInstance kit = SnapgridClient.connect(
                ClientSettings.members(cluster.clusterName(), cluster.memberAddresses()));
        try {
            // The kit reads typed records (io.snapgrid.client.records.Node); only its near-cache statistics matter here.
            IMap<String, Object> cached = kit.getMap(Dataset.MAP);
            List<Transport> transports = List.of(new ClientTransport(NEAR_CACHE, kit, data),
                    new ClientTransport(REMOTE, remote, data));
            CellRunner runner = new CellRunner(options, data.size());
            List<Cell> cells = new ArrayList<>();
            // Both transports of one caller count run back to back, so both see the same background noise.
            for (int callers : CALLERS) {
                for (Transport transport : transports) {
                    Cell cell = runner.run(transport, Op.GET, callers);
                    System.err.printf(Locale.ROOT, "bench: GET %d %s done, %d ops, %d errors%n",
                            callers, transport.name(), cell.ops(), cell.errors());
                    cells.add(cell);
                }
            }
            NearCacheStats stats = cached.getLocalMapStats().getNearCacheStats();
            return new Report(Report.environment("the member, both clients and the callers"),
                    settings(options, data, stats), REMOTE, cells);
        } finally {
            kit.shutdown();
        }
    }

    private static String settings(Options options, Dataset data, NearCacheStats stats) {
        return String.format(Locale.ROOT, "settings: %d s measured after %d s warm-up per cell; %d keys of %s,"
                        + " random key per call; 1 member; %s: the client kit (snapgrid-client.yaml), near cache"
                        + " hits %d, misses %d; %s: a client without a near cache",
                options.seconds(), options.warmupSeconds(), data.size(), Dataset.MAP, NEAR_CACHE, stats.getHits(),
                stats.getMisses(), REMOTE);
    }
}
