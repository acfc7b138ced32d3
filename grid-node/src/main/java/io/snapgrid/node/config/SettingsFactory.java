package io.snapgrid.node.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.env.Environment;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.node.storage.StorageClasses;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Checks the bound sections together: what Micronaut's binding cannot know about Snapgrid's settings. */
@Factory
final class SettingsFactory {

    /** Hazelcast's default partition count, which an event journal's capacity is divided by. */
    private static final String DEFAULT_PARTITION_COUNT = "271";

    @Singleton
    SnapgridSettings settings(Environment environment, ClusterSettings cluster, RestSettings rest,
                              SecuritySettings security,
                              @Property(name = "data-dir") Path dataDir, SnapshotSettings snapshots,
                              List<StorageClassSettings> classes, ControlSettings control, DemoSettings demo,
                              TelemetrySettings telemetry, JobsSettings jobs) {
        // Again here, for keys that came in through Micronaut's other sources (test properties, system properties).
        Problems problems = new Problems(environment.getPropertySources())
                .addAll(SnapgridSources.unknownKeys(environment.getPropertySources()));
        problems.throwIfAny();
        cluster.members().stream().filter(member -> !member.matches("[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?"))
                .forEach(member -> problems.add("cluster.members", "\"" + member + "\" is not a host or host:port"));
        problems.range("cluster.member-port", cluster.memberPort(), 1, 65535);
        problems.range("cluster.min-size", cluster.minSize(), 1, 1000);
        problems.range("cluster.expected-size", cluster.expectedSize(), 1, 1000);
        Duration interval = cluster.failureDetector().heartbeatInterval();
        Duration timeout = cluster.failureDetector().maxNoHeartbeat();
        problems.wholeSeconds("cluster.failure-detector.heartbeat-interval", interval);
        problems.wholeSeconds("cluster.failure-detector.max-no-heartbeat", timeout);
        if (interval.isZero() || timeout.compareTo(interval.multipliedBy(2)) < 0) {
            problems.add("cluster.failure-detector.max-no-heartbeat",
                    "must be at least twice heartbeat-interval, which must be at least 1s");
        }
        problems.range("rest.port", rest.port(), 1, 65535);
        problems.range("rest.max-body-bytes", rest.maxBodyBytes(), 1024, 1 << 30);
        problems.range("rest.max-batch-entries", rest.maxBatchEntries(), 1, 1_000_000);
        problems.range("rest.max-page-size", rest.maxPageSize(), 1, 100_000);
        problems.range("rest.sql-max-rows", rest.sqlMaxRows(), 1, 10_000_000);
        problems.notNegative("rest.sql-timeout", rest.sqlTimeout()); // 0: no timeout
        problems.range("rest.change-window", rest.changeWindow(), 1, 10_000_000);
        SecurityChecks.check(problems, rest, security);
        Optional<TlsIdentity> restTls = TlsIdentity.load(problems, environment.getPropertySources(), rest.tls());
        problems.range("telemetry.max-batch-events", telemetry.maxBatchEvents(), 1, 1_000_000);
        problems.positive("telemetry.max-clock-skew", telemetry.maxClockSkew());
        problems.range("demo.nodes", demo.nodes(), 0, 1_000_000);
        if (snapshots.root().toString().isBlank() || snapshots.commitLog().root().toString().isBlank()) {
            problems.add(snapshots.root().toString().isBlank() ? "snapshots.root" : "snapshots.commit-log.root",
                    "must be a directory, got an empty value");
        }
        if (snapshots.store() == SnapshotSettings.Store.S3) {
            s3(problems, snapshots.s3());
        }
        problems.range("snapshots.retention.keep-full", snapshots.retention().keepFull(), 1, 1000);
        problems.notNegative("snapshots.retention.max-age", snapshots.retention().maxAge());
        problems.notNegative("snapshots.history.retain", snapshots.history().retain());
        problems.range("snapshots.history.sql-max-rows", snapshots.history().sqlMaxRows(), 1, 1_000_000);
        problems.positive("snapshots.history.sql-timeout", snapshots.history().sqlTimeout());
        problems.positive("snapshots.commit-log.roll-interval", snapshots.commitLog().rollInterval());
        problems.range("snapshots.weak-backlog-limit", snapshots.weakBacklogLimit(), 1, 10_000_000);
        if (control.checkInterval().compareTo(Duration.ofMillis(100)) < 0) {
            problems.add("control.check-interval", "must be at least 100ms");
        }
        problems.positive("control.job-supervision.interval", control.jobSupervision().interval());
        problems.positive("control.node-health.interval", control.nodeHealth().interval());
        problems.positive("control.node-health.warning-after", control.nodeHealth().warningAfter());
        if (control.nodeHealth().alertAfter().compareTo(control.nodeHealth().warningAfter()) <= 0) {
            problems.add("control.node-health.alert-after", "must be longer than warning-after");
        }
        problems.positive("control.snapshot-coordination.interval", control.snapshotCoordination().interval());
        JobSettings jobSettings = jobs(problems, jobs);
        String partitions = cluster.hazelcastProperties()
                .getOrDefault("hazelcast.partition.count", DEFAULT_PARTITION_COUNT).trim();
        // A partition count that is no number is Hazelcast's to report, at member start.
        StorageClasses storage = StorageClassChecks.bind(problems, environment, classes,
                partitions.matches("\\d{1,9}") ? Integer.parseInt(partitions) : 0);
        problems.throwIfAny();
        return new SnapgridSettings(cluster, rest, restTls, security, dataDir, snapshots, storage, control, demo, telemetry, jobSettings);
    }

    /** What S3Location would refuse, by key; whether the bucket exists and the credentials work is checked at start. */
    private static void s3(Problems problems, SnapshotSettings.S3 s3) {
        if (s3.bucket().isBlank()) {
            problems.add("snapshots.s3.bucket", "must name an existing bucket when snapshots.store is s3");
        }
        if (s3.region().isBlank()) {
            problems.add("snapshots.s3.region", "must be set when snapshots.store is s3 (e.g. eu-central-1)");
        }
        if (!s3.endpoint().isBlank() && !s3.endpoint().matches("https?://[^/\\s]+/?")) {
            problems.add("snapshots.s3.endpoint", "must be an http:// or https:// URL of a host (and port), got \""
                    + s3.endpoint() + "\"");
        }
        String prefix = s3.prefix();
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/"))) {
            problems.add("snapshots.s3.prefix", "must be empty or a relative key prefix ending with /, got \""
                    + prefix + "\"");
        }
    }

    /** The jobs module checks how windows fit together; positive durations are checked here, by key. */
    private static JobSettings jobs(Problems problems, JobsSettings jobs) {
        JobsSettings.NodeHealth health = jobs.nodeHealth();
        int before = problems.count();
        problems.positive("jobs.node-health.window", health.window());
        problems.positive("jobs.node-health.slide", health.slide());
        problems.positive("jobs.node-health.forget-nodes-after", health.forgetNodesAfter());
        problems.positive("jobs.rack-states.window", jobs.rackStates().window());
        problems.positive("jobs.snapshot-interval", jobs.snapshotInterval());
        problems.positive("jobs.idle-timeout", jobs.idleTimeout());
        problems.notNegative("jobs.allowed-lag", jobs.allowedLag());
        try {
            return problems.count() > before ? null : new JobSettings(health.window(), health.slide(),
                    jobs.rackStates().window(), jobs.allowedLag(), jobs.snapshotInterval(),
                    JobSettings.defaults().tickInterval(), jobs.idleTimeout(), health.forgetNodesAfter(),
                    health.keepHistory());
        } catch (IllegalArgumentException e) {
            problems.add("jobs.node-health.slide", e.getMessage());
            return null;
        }
    }
}
