package io.snapgrid.node.bench;

import io.snapgrid.records.inventory.InventoryGenerator;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.RetentionPolicy;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotCompaction;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotRetention;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.history.AsOfPage;
import io.snapgrid.snapshot.history.HistoryVersion;
import io.snapgrid.snapshot.history.SnapshotHistory;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./snapgrid bench-history}: builds {@code --days} of history for {@code --nodes} nodes and their components
 * in a filesystem snapshot store, as the node writes it (a delta per map per day, a compaction every
 * {@code --full-every} days, then retention keeping one full for restore and every change for history), and times
 * the history questions: one node's whole history, a rack's as-of listing, and where one component has been. It
 * prints the figures and the files' sizes; it never fails on time.
 *
 * <p>Options: {@code --nodes=250000 --days=90 --changes-per-day=3 --moves-per-day=0.02 --full-every=7 --repeat=5
 * --dir=<temp> --reads-only=false}. Each node changes state {@code changes-per-day} times a day; that fraction of
 * components moves to another node each day. {@code --reads-only=true} writes nothing: it times the questions over
 * the store an earlier run left in {@code --dir}, as far as that run got (its writer may still be running; without
 * its final retention every published snapshot is read), about a key picked from the store.
 */
public final class HistoryBenchmark {

    static final String NODES = "inventory.nodes";
    static final String COMPONENTS = "inventory.components";

    record Settings(int nodes, int days, int changesPerDay, double movesPerDay, int fullEvery, int repeat, Path dir,
                    boolean readsOnly) {

        static Settings parse(String... args) throws IOException {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("expected --key=value, got " + arg);
                }
                given.put(pair[0], pair[1]);
            }
            Settings settings = new Settings(Integer.parseInt(given.getOrDefault("nodes", "250000")),
                    Integer.parseInt(given.getOrDefault("days", "90")),
                    Integer.parseInt(given.getOrDefault("changes-per-day", "3")),
                    Double.parseDouble(given.getOrDefault("moves-per-day", "0.02")),
                    Integer.parseInt(given.getOrDefault("full-every", "7")),
                    Integer.parseInt(given.getOrDefault("repeat", "5")),
                    given.containsKey("dir") ? Path.of(given.get("dir")) : Files.createTempDirectory("bench-history"),
                    Boolean.parseBoolean(given.getOrDefault("reads-only", "false")));
            given.keySet().removeAll(List.of("nodes", "days", "changes-per-day", "moves-per-day", "full-every",
                    "repeat", "dir", "reads-only"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet());
            }
            return settings;
        }
    }

    /** What the run measured; sizes in bytes, times in milliseconds (medians over the repeats). */
    record Figures(long changedRows, long changedBytes, long historyBytes, long restoreBytes, long keyVersions,
                   double firstKeyHistoryMillis, double keyHistoryMillis, long rackEntries, double rackAsOfMillis,
                   long serialVersions, double serialHistoryMillis) {
    }

    public static void main(String[] args) throws IOException {
        run(Settings.parse(args), System.out);
    }

    static Figures run(Settings settings, PrintStream out) throws IOException {
        if (settings.readsOnly()) {
            return readsOnly(settings, out);
        }
        Map<String, GenericData.Record> nodes = new LinkedHashMap<>();
        Map<String, GenericData.Record> components = new LinkedHashMap<>();
        InventoryGenerator.shipped(42).generate(settings.nodes(), nodes::put, components::put);
        Schema nodeSchema = nodes.values().iterator().next().getSchema();
        Schema componentSchema = components.values().iterator().next().getSchema();
        List<String> xnames = new ArrayList<>(nodes.keySet());
        List<String> serials = new ArrayList<>(components.keySet());
        SnapshotStorage storage = new FileSystemSnapshotStorage(settings.dir());
        SnapshotWriter writer = new SnapshotWriter(storage);
        SnapshotCompaction compaction = new SnapshotCompaction(storage);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(settings.days()));
        Random random = new Random(42);
        long revision = 0;
        out.printf(Locale.ROOT, "bench-history: %d nodes, %d components, %d days in %s%n", nodes.size(),
                components.size(), settings.days(), settings.dir());
        try (PendingSnapshot full = writer.beginFull(NODES, nodeSchema, null)) {
            for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
                full.add(SnapshotRow.upsert(node.getKey(), ++revision, start, node.getValue()));
            }
            full.commit();
        }
        try (PendingSnapshot full = writer.beginFull(COMPONENTS, componentSchema, null)) {
            for (Map.Entry<String, GenericData.Record> component : components.entrySet()) {
                full.add(SnapshotRow.upsert(component.getKey(), ++revision, start, component.getValue()));
            }
            full.commit();
        }
        List<GenericData.EnumSymbol> states = new ArrayList<>();
        for (String state : nodeSchema.getField("state").schema().getEnumSymbols()) {
            states.add(new GenericData.EnumSymbol(nodeSchema.getField("state").schema(), state));
        }
        long changedRows = 0;
        long millisPerChange = Duration.ofDays(1).toMillis() / Math.max(1, settings.changesPerDay());
        for (int day = 0; day < settings.days(); day++) {
            Instant dayStart = start.plus(Duration.ofDays(day));
            // A snapshot encodes a row when it is added, so one record per key can be changed and added again.
            try (PendingSnapshot delta = writer.beginDelta(NODES, nodeSchema)) {
                for (int change = 0; change < settings.changesPerDay(); change++) {
                    Instant at = dayStart.plusMillis(change * millisPerChange);
                    for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
                        // Always another state: history does not list a record stored again unchanged.
                        int current = states.indexOf(node.getValue().get("state"));
                        node.getValue().put("state",
                                states.get((current + 1 + random.nextInt(states.size() - 1)) % states.size()));
                        delta.add(SnapshotRow.upsert(node.getKey(), ++revision, at, node.getValue()));
                        changedRows++;
                    }
                }
                delta.commit();
            }
            try (PendingSnapshot delta = writer.beginDelta(COMPONENTS, componentSchema)) {
                int moves = (int) Math.round(components.size() * settings.movesPerDay());
                for (int move = 0; move < moves; move++) {
                    String serial = serials.get(random.nextInt(serials.size()));
                    GenericData.Record component = components.get(serial);
                    component.put("nodeXname", xnames.get(random.nextInt(xnames.size())));
                    delta.add(SnapshotRow.upsert(serial, ++revision, dayStart.plusSeconds(move % 86_400),
                            component));
                    changedRows++;
                }
                delta.commit();
            }
            if ((day + 1) % settings.fullEvery() == 0) {
                compaction.compact(NODES);
                compaction.compact(COMPONENTS);
            }
        }
        long changedBytes = deltaBytes(storage, NODES) + deltaBytes(storage, COMPONENTS);
        RetentionPolicy policy = new RetentionPolicy(1, Duration.ZERO)
                .withHistoryRetain(Duration.ofDays(settings.days() + 1L));
        new SnapshotRetention(storage, policy).apply(NODES);
        new SnapshotRetention(storage, policy).apply(COMPONENTS);
        SnapshotCatalog catalog = new SnapshotCatalog(storage);
        long historyBytes = 0;
        long restoreBytes = 0;
        for (String map : List.of(NODES, COMPONENTS)) {
            historyBytes += catalog.historyManifests(map).stream().mapToLong(SnapshotManifest::byteSize).sum();
            restoreBytes += catalog.manifests(map).stream().mapToLong(SnapshotManifest::byteSize).sum();
        }

        String xname = xnames.get(random.nextInt(xnames.size()));
        String rack = xname.substring(0, xname.indexOf('c'));
        long rackSize = xnames.stream().filter(key -> key.startsWith(rack + "c")).count();
        Instant midway = start.plus(Duration.ofDays(settings.days() / 2)).plusSeconds(3600);
        String serial = serials.get(random.nextInt(serials.size()));
        out.printf(Locale.ROOT, "changed rows %,d in deltas of %,d bytes; history manifests name %,d bytes (%.2fx the"
                        + " changed rows), restore's snapshots %,d bytes%n", changedRows, changedBytes, historyBytes,
                (double) historyBytes / changedBytes, restoreBytes);
        List<String> otherNodes = random.ints(settings.repeat(), 0, xnames.size()).mapToObj(xnames::get).toList();
        return measure(storage, settings.repeat(), new Bytes(changedRows, changedBytes, historyBytes, restoreBytes),
                xname, otherNodes, (int) rackSize, midway, serial, out);
    }

    /** What the files hold: rows and bytes of the deltas, bytes named by history manifests and by restore's. */
    private record Bytes(long changedRows, long changedBytes, long historyBytes, long restoreBytes) {
    }

    /**
     * Times the questions over a store another run is writing or wrote: a node and a component from an as-of
     * listing now, mid-span halfway between the node's first and last version (commit times are the generated
     * days', not the files' creation), and its rack's size counted in an untimed listing.
     */
    private static Figures readsOnly(Settings settings, PrintStream out) throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(settings.dir());
        SnapshotCatalog catalog = new SnapshotCatalog(storage);
        List<SnapshotManifest> nodeSnapshots = catalog.manifests(NODES);
        SnapshotHistory history = new SnapshotHistory(storage);
        Random random = new Random(42);
        List<SnapshotRow> someNodes = history.asOf(NODES, Instant.now(), node -> true, 1000, null).entries();
        String xname = someNodes.get(random.nextInt(someNodes.size())).key();
        List<HistoryVersion> span = history.versions(NODES, xname, null, null);
        Instant first = span.get(0).committedAt();
        Instant midway = first.plus(Duration.between(first, span.get(span.size() - 1).committedAt()).dividedBy(2));
        String rack = xname.substring(0, xname.indexOf('c'));
        int rackSize = (int) history.asOf(NODES, midway, node -> true, 2000, rack + "c").entries().stream()
                .filter(row -> row.key().startsWith(rack + "c")).count();
        List<SnapshotRow> someComponents = history.asOf(COMPONENTS, midway, component -> true, 1000, null).entries();
        String serial = someComponents.get(random.nextInt(someComponents.size())).key();
        long changedRows = 0;
        long changedBytes = 0;
        long restoreBytes = 0;
        for (String map : List.of(NODES, COMPONENTS)) {
            for (SnapshotManifest manifest : catalog.manifests(map)) {
                restoreBytes += manifest.byteSize();
                if (manifest.kind() == SnapshotKind.DELTA) {
                    changedRows += manifest.rowCount();
                    changedBytes += manifest.byteSize();
                }
            }
        }
        out.printf(Locale.ROOT, "reads only, over %s: %d snapshots of %s (changes from %s to %s), %,d changed rows"
                        + " in deltas of %,d bytes, %,d bytes published in all%n", settings.dir(),
                nodeSnapshots.size(), NODES, first, span.get(span.size() - 1).committedAt(), changedRows,
                changedBytes, restoreBytes);
        List<String> otherNodes = random.ints(settings.repeat(), 0, someNodes.size())
                .mapToObj(index -> someNodes.get(index).key()).toList();
        return measure(storage, settings.repeat(), new Bytes(changedRows, changedBytes, 0, restoreBytes), xname,
                otherNodes, rackSize, midway, serial, out);
    }

    /**
     * The first question reads every file's footer and page indexes, which the history reader then keeps; so one
     * node's history is timed twice: that first lookup, and the median of lookups of other nodes after it.
     */
    private static Figures measure(SnapshotStorage storage, int repeat, Bytes bytes, String xname,
                                   List<String> otherNodes, int rackSize, Instant midway, String serial,
                                   PrintStream out) throws IOException {
        SnapshotHistory history = new SnapshotHistory(storage);
        long[] keyVersions = {0};
        double firstKeyMillis = median(1, () -> keyVersions[0] = history.versions(NODES, xname, null, null).size());
        Iterator<String> others = otherNodes.iterator();
        double keyMillis = median(repeat, () -> history.versions(NODES, others.next(), null, null).size());
        String rack = xname.substring(0, xname.indexOf('c'));
        long[] rackEntries = {0};
        double rackMillis = median(repeat, () -> {
            AsOfPage page = history.asOf(NODES, midway, node -> true, rackSize, rack + "c");
            rackEntries[0] = page.entries().stream().filter(row -> row.key().startsWith(rack + "c")).count();
            return rackEntries[0];
        });
        List<HistoryVersion> whereabouts = new ArrayList<>();
        double serialMillis = median(repeat, () -> {
            whereabouts.clear();
            whereabouts.addAll(history.versions(COMPONENTS, serial, null, null));
            return whereabouts.size();
        });

        Figures figures = new Figures(bytes.changedRows(), bytes.changedBytes(), bytes.historyBytes(),
                bytes.restoreBytes(), keyVersions[0], firstKeyMillis, keyMillis, rackEntries[0], rackMillis,
                whereabouts.size(), serialMillis);
        out.printf(Locale.ROOT, "one node's history (%s): %d versions in %.1f ms, the first question; another"
                + " node's after it: %.1f ms (median of %d nodes)%n", xname, keyVersions[0], firstKeyMillis, keyMillis,
                otherNodes.size());
        out.printf(Locale.ROOT, "rack %s as of %s: %d nodes in %.1f ms%n", rack, midway, rackEntries[0], rackMillis);
        out.printf(Locale.ROOT, "where serial %s has been: %d versions in %.1f ms, last in %s%n", serial,
                whereabouts.size(), serialMillis, whereabouts.isEmpty() ? "-"
                        : whereabouts.get(whereabouts.size() - 1).value().get("nodeXname"));
        return figures;
    }

    private static long deltaBytes(SnapshotStorage storage, String map) throws IOException {
        return new SnapshotCatalog(storage).manifests(map).stream().filter(m -> m.kind() == SnapshotKind.DELTA)
                .mapToLong(SnapshotManifest::byteSize).sum();
    }

    private interface Timed {
        long run() throws IOException;
    }

    private static double median(int repeat, Timed timed) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < Math.max(1, repeat); i++) {
            long began = System.nanoTime();
            timed.run();
            millis.add((System.nanoTime() - began) / 1e6);
        }
        millis.sort(Double::compare);
        return millis.get(millis.size() / 2);
    }
}
