package io.snapgrid.node.config;

import com.hazelcast.config.EvictionPolicy;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.node.telemetry.TelemetryContract;
import io.snapgrid.records.RecordType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns the merged configuration tree into typed settings, checking every value on the way. */
final class SettingsBinder {

    static final Pattern MAP_NAME_PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,128}");
    private static final Pattern MEMBER_ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?");
    private static final int MAX_BACKUPS = 6;
    /** Hazelcast's default partition count, which an event journal's capacity is divided by. */
    private static final int DEFAULT_PARTITION_COUNT = 271;
    private static final String PARTITION_COUNT_PROPERTY = "hazelcast.partition.count";

    private SettingsBinder() {
    }

    static SnapgridSettings bind(ConfigNode root) {
        Path dataDir = Path.of(root.string("data-dir", "./data"));
        ClusterSettings cluster = cluster(root.child("cluster"));
        ConfigNode classesNode = root.child("storage-classes");
        StorageClasses classes = storageClasses(classesNode, partitionCount(cluster));
        SnapgridSettings settings = new SnapgridSettings(
                cluster,
                rest(root.child("rest")),
                dataDir,
                snapshots(root.child("snapshots"), dataDir),
                classes,
                control(root.child("control")),
                demo(root.child("demo")),
                telemetry(root.child("telemetry"), classesNode, classes),
                jobs(root.child("jobs")));
        root.rejectUnknownKeys();
        return settings;
    }

    private static ClusterSettings cluster(ConfigNode node) {
        List<String> members = node.stringList("members", List.of("127.0.0.1"));
        for (String member : members) {
            if (!MEMBER_ADDRESS.matcher(member).matches()) {
                throw node.invalid("members", "\"" + member + "\" is not a host or host:port");
            }
        }
        ConfigNode k8s = node.child("kubernetes");
        ClusterSettings.KubernetesSettings kubernetes = new ClusterSettings.KubernetesSettings(
                k8s.bool("enabled", false), k8s.string("namespace", "default"), k8s.string("service-name", "snapgrid"));
        k8s.rejectUnknownKeys();
        ConfigNode mc = node.child("management-center");
        List<String> trusted = mc.stringList("trusted-interfaces", List.of());
        mc.rejectUnknownKeys();
        ClusterSettings cluster = new ClusterSettings(
                node.requiredString("name"),
                node.integer("member-port", 5701, 1, 65535),
                members,
                node.integer("min-size", 1, 1, 1000),
                node.integer("expected-size", 1, 1, 1000),
                failureDetector(node.child("failure-detector")),
                kubernetes,
                trusted,
                node.child("hazelcast-properties").flatten());
        node.rejectUnknownKeys();
        return cluster;
    }

    private static ClusterSettings.FailureDetector failureDetector(ConfigNode node) {
        Duration interval = wholeSeconds(node, "heartbeat-interval", Duration.ofSeconds(1));
        Duration timeout = wholeSeconds(node, "max-no-heartbeat", Duration.ofSeconds(10));
        if (interval.isZero() || timeout.compareTo(interval.multipliedBy(2)) < 0) {
            throw node.invalid("max-no-heartbeat", "must be at least twice heartbeat-interval, which must be at least 1s");
        }
        node.rejectUnknownKeys();
        return new ClusterSettings.FailureDetector(interval, timeout);
    }

    /** The streaming jobs' windows and snapshots; the defaults are the jobs module's own. */
    private static JobSettings jobs(ConfigNode node) {
        JobSettings defaults = JobSettings.defaults();
        ConfigNode health = node.child("node-health");
        ConfigNode racks = node.child("rack-states");
        JobSettings jobs;
        try {
            jobs = new JobSettings(
                    positive(health, "window", defaults.healthWindow()),
                    positive(health, "slide", defaults.healthSlide()),
                    positive(racks, "window", defaults.rackWindow()),
                    node.duration("allowed-lag", defaults.allowedLag()),
                    positive(node, "snapshot-interval", defaults.snapshotInterval()),
                    defaults.tickInterval(),
                    positive(node, "idle-timeout", defaults.idleTimeout()),
                    positive(health, "forget-nodes-after", defaults.forgetNodesAfter()),
                    health.bool("keep-history", defaults.keepHealthHistory()));
        } catch (IllegalArgumentException e) {
            throw health.invalid("slide", e.getMessage());
        }
        health.rejectUnknownKeys();
        racks.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return jobs;
    }

    private static ControlSettings control(ConfigNode node) {
        Duration check = node.duration("check-interval", Duration.ofSeconds(1));
        if (check.compareTo(Duration.ofMillis(100)) < 0) {
            throw node.invalid("check-interval", "must be at least 100ms");
        }
        ConfigNode jobs = node.child("job-supervision");
        Duration jobsInterval = positive(jobs, "interval", Duration.ofSeconds(5));
        jobs.rejectUnknownKeys();
        ConfigNode health = node.child("node-health");
        Duration healthInterval = positive(health, "interval", Duration.ofSeconds(10));
        Duration warningAfter = positive(health, "warning-after", Duration.ofMinutes(1));
        Duration alertAfter = positive(health, "alert-after", Duration.ofMinutes(5));
        if (alertAfter.compareTo(warningAfter) <= 0) {
            throw health.invalid("alert-after", "must be longer than warning-after");
        }
        health.rejectUnknownKeys();
        ConfigNode snapshots = node.child("snapshot-coordination");
        Duration snapshotsInterval = positive(snapshots, "interval", Duration.ofSeconds(30));
        snapshots.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return new ControlSettings(check, jobsInterval, healthInterval, warningAfter, alertAfter, snapshotsInterval);
    }

    private static SnapshotSettings snapshots(ConfigNode node, Path dataDir) {
        String root = node.string("root", null);
        if (root != null && root.isBlank()) {
            throw node.invalid("root", "must be a directory, got an empty value");
        }
        Path rootDir = root == null ? dataDir.resolve("snapshots") : Path.of(root);
        ConfigNode retention = node.child("retention");
        ConfigNode commitLog = node.child("commit-log");
        ConfigNode restore = node.child("restore");
        String logRoot = commitLog.string("root", null);
        SnapshotSettings snapshots = new SnapshotSettings(
                rootDir,
                retention.integer("keep-full", 3, 1, 1000),
                retention.duration("max-age", Duration.ofDays(7)),
                logRoot == null || logRoot.isBlank() ? rootDir.resolve("commit-logs") : Path.of(logRoot),
                positive(commitLog, "roll-interval", Duration.ofSeconds(30)),
                restore.bool("allow-fallback", false),
                node.integer("weak-backlog-limit", 40_000, 1, 10_000_000));
        retention.rejectUnknownKeys();
        commitLog.rejectUnknownKeys();
        restore.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return snapshots;
    }

    private static Duration positive(ConfigNode node, String key, Duration fallback) {
        Duration duration = node.duration(key, fallback);
        if (duration.isZero()) {
            throw node.invalid(key, "must be longer than 0");
        }
        return duration;
    }

    private static RestSettings rest(ConfigNode node) {
        RestSettings rest = new RestSettings(
                node.integer("port", 8080, 1, 65535),
                node.integer("max-body-bytes", 1 << 20, 1024, 1 << 30),
                node.integer("max-batch-entries", 5000, 1, 1_000_000),
                node.integer("max-page-size", 1000, 1, 100_000),
                node.integer("sql-max-rows", 10_000, 1, 10_000_000),
                node.duration("sql-timeout", Duration.ofSeconds(30)));
        node.rejectUnknownKeys();
        return rest;
    }

    private static TelemetrySettings telemetry(ConfigNode node, ConfigNode classesNode, StorageClasses classes) {
        TelemetrySettings telemetry = new TelemetrySettings(
                node.integer("max-batch-events", 5000, 1, 1_000_000),
                positive(node, "max-clock-skew", Duration.ofMinutes(5)));
        node.rejectUnknownKeys();
        requireIngestTarget(classesNode, classes);
        return telemetry;
    }

    /**
     * POST /v1/telemetry acknowledges an event once it is in {@code telemetry.events} and that entry's synchronous
     * backup, and the telemetry jobs read the map's event journal; a class that cannot keep those promises is a
     * configuration error, not something to discover when the first event arrives.
     */
    private static void requireIngestTarget(ConfigNode classesNode, StorageClasses classes) {
        String map = TelemetryContract.EVENTS_MAP;
        StorageClass target = classes.forMap(map).orElseThrow(() -> new InvalidConfigurationException(
                classesNode.source(), classesNode.path(), "no storage class matches map " + map
                + ", which POST /v1/telemetry writes (the shipped class is telemetry-events)"));
        ConfigNode node = classesNode.child(target.name());
        String needs = "map " + map + " (storage class " + target.name() + "), which POST /v1/telemetry writes, needs ";
        RecordType schema = target.schema().orElse(null);
        if (schema == null || !schema.typeName().equals(TelemetryContract.EVENT_TYPE)) {
            throw node.invalid("schema", needs + "the schema " + TelemetryContract.EVENT_TYPE
                    + " (schemas/telemetry-event.avsc), got " + (schema == null ? "none" : schema.typeName()));
        }
        for (String field : TelemetryContract.EVENT_FIELDS) {
            if (schema.avroSchema().getField(field) == null) {
                throw node.invalid("schema", needs + "a field '" + field + "' in its schema");
            }
        }
        if (target.backups() < 1) {
            throw node.invalid("backups", needs + "at least 1: an event is acknowledged only once its synchronous"
                    + " backup has it");
        }
        if (!target.hasEventJournal()) {
            throw node.invalid("event-journal-capacity", needs + "an event journal: the telemetry jobs read it");
        }
    }

    private static DemoSettings demo(ConfigNode node) {
        DemoSettings demo = new DemoSettings(node.integer("nodes", 0, 0, 1_000_000), node.longValue("seed", 42));
        node.rejectUnknownKeys();
        return demo;
    }

    private static int partitionCount(ClusterSettings cluster) {
        String configured = cluster.hazelcastProperties().get(PARTITION_COUNT_PROPERTY);
        try {
            return configured == null ? DEFAULT_PARTITION_COUNT : Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_PARTITION_COUNT; // Hazelcast itself reports the bad property at startup
        }
    }

    private static StorageClasses storageClasses(ConfigNode node, int partitionCount) {
        List<StorageClass> classes = new ArrayList<>();
        Map<String, String> classByMatch = new HashMap<>();
        for (String name : node.childNames()) {
            StorageClass storageClass = storageClass(name, node.child(name), partitionCount);
            String clash = classByMatch.put(storageClass.match(), name);
            if (clash != null) {
                throw node.child(name).invalid("match", "\"" + storageClass.match() + "\" is already the match of class " + clash);
            }
            classes.add(storageClass);
        }
        return new StorageClasses(classes);
    }

    private static StorageClass storageClass(String name, ConfigNode node, int partitionCount) {
        String match = node.requiredString("match");
        if (!MAP_NAME_PREFIX.matcher(match).matches()) {
            throw node.invalid("match", "may hold only letters, digits, '.', '_' and '-' (at most 128), got \"" + match + "\"");
        }
        int backups = node.integer("backups", 1, 0, MAX_BACKUPS);
        int asyncBackups = node.integer("async-backups", 0, 0, MAX_BACKUPS);
        if (backups + asyncBackups > MAX_BACKUPS) {
            throw node.invalid("async-backups", "backups plus async-backups must be at most " + MAX_BACKUPS);
        }
        Durability durability = node.enumValue("durability", Durability.NONE, text -> Durability.valueOf(text.toUpperCase(Locale.ROOT)), Durability.values());
        EvictionPolicy eviction = node.enumValue("eviction", EvictionPolicy.NONE,
                text -> EvictionPolicy.valueOf(text.toUpperCase(Locale.ROOT)), EvictionPolicy.values());
        int maxSize = node.integer("max-size", 0, 0, Integer.MAX_VALUE);
        if (eviction != EvictionPolicy.NONE && maxSize == 0) {
            throw node.invalid("max-size", "is required when eviction is " + eviction);
        }
        if (eviction == EvictionPolicy.NONE && maxSize > 0) {
            throw node.invalid("max-size", "has no effect without an eviction policy (set eviction: LRU, LFU or RANDOM)");
        }
        Duration ttl = wholeSeconds(node, "ttl", Duration.ZERO);
        Duration maxIdle = wholeSeconds(node, "max-idle", Duration.ZERO);
        Optional<RecordType> schema = schema(node);
        Duration snapshotInterval = snapshotInterval(node, durability);
        if (durability != Durability.NONE) {
            checkDurable(node, durability, ttl, maxIdle, schema, !match.isEmpty() && !match.endsWith("."));
        }
        int journal = node.integer("event-journal-capacity", 0, 0, Integer.MAX_VALUE);
        if (journal > 0 && journal < partitionCount) {
            throw node.invalid("event-journal-capacity", "must be 0 (no journal) or at least the partition count ("
                    + partitionCount + "): each partition keeps capacity / partition count events");
        }
        StorageClass storageClass = new StorageClass(name, match, backups, asyncBackups, durability, ttl, maxIdle,
                eviction, maxSize, node.bool("read-backup-data", false), schema, snapshotInterval, journal);
        node.rejectUnknownKeys();
        return storageClass;
    }

    /** Only weak classes flush on an interval: strong ones are durable at once, and none never. */
    private static Duration snapshotInterval(ConfigNode node, Durability durability) {
        if (durability != Durability.WEAK) {
            if (node.string("snapshot-interval", null) != null) {
                throw node.invalid("snapshot-interval", "applies only to durability weak, not " + durability);
            }
            return Duration.ZERO;
        }
        Duration interval = wholeSeconds(node, "snapshot-interval", Duration.ofSeconds(10));
        if (interval.isZero()) {
            throw node.invalid("snapshot-interval", "must be at least 1s (Hazelcast's write delay counts seconds)");
        }
        return interval;
    }

    private static void checkDurable(ConfigNode node, Durability durability, Duration ttl, Duration maxIdle,
                                     Optional<RecordType> schema, boolean namesOneMap) {
        // A family class (match ending in '.') may leave the schema to the classes of its maps; a map of the
        // family without one is refused when it is created.
        if (schema.isEmpty() && namesOneMap) {
            throw node.invalid("durability", "'" + durability + "' needs a schema: snapshots are typed Parquet columns");
        }
        if (!ttl.isZero() || !maxIdle.isZero()) {
            throw node.invalid(ttl.isZero() ? "max-idle" : "ttl", "cannot be combined with durability " + durability
                    + ": expired entries would come back from the snapshot store on restart; use durability none"
                    + " for expiring data");
        }
    }

    private static Duration wholeSeconds(ConfigNode node, String key, Duration fallback) {
        Duration duration = node.duration(key, fallback);
        if (duration.toMillis() % 1000 != 0 || duration.getSeconds() > Integer.MAX_VALUE) {
            throw node.invalid(key, "must be whole seconds (Hazelcast counts this setting in seconds)");
        }
        return duration;
    }

    private static Optional<RecordType> schema(ConfigNode node) {
        String file = node.string("schema", null);
        if (file == null) {
            return Optional.empty();
        }
        try (InputStream in = node.sourceOf("schema").open(file)) {
            return Optional.of(RecordType.load(in));
        } catch (IOException e) {
            throw node.invalid("schema", "cannot read schema file " + file + ": " + e);
        } catch (RuntimeException e) {
            throw node.invalid("schema", "schema file " + file + " is not a usable Avro record schema: " + e.getMessage());
        }
    }
}
