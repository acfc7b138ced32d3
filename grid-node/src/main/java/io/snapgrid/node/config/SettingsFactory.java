package io.snapgrid.node.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.node.storage.StorageClasses;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Checks the bound sections together: what Micronaut's binding cannot know about Snapgrid's settings. */
@Factory
final class SettingsFactory {

    private static final Pattern MEMBER_ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?");

    @Singleton
    SnapgridSettings settings(Environment environment, ClusterSettings cluster, RestSettings rest,
                              @Property(name = "data-dir") Path dataDir, SnapshotSettings snapshots,
                              List<StorageClassSettings> classes, ControlSettings control, DemoSettings demo,
                              TelemetrySettings telemetry, JobsSettings jobs) {
        Collection<PropertySource> sources = environment.getPropertySources();
        Problems problems = new Problems(sources);
        problems.addAll(SnapgridSources.unknownKeys(sources));
        problems.throwIfAny();
        check(problems, cluster);
        check(problems, rest, telemetry, demo);
        check(problems, snapshots, control);
        JobSettings jobSettings = jobs(problems, jobs);
        StorageClasses storage = StorageClassChecks.bind(problems, environment, classes, cluster);
        problems.throwIfAny();
        return new SnapgridSettings(cluster, rest, dataDir, snapshots, storage, control, demo, telemetry, jobSettings);
    }

    private static void check(Problems problems, ClusterSettings cluster) {
        cluster.members().stream().filter(member -> !MEMBER_ADDRESS.matcher(member).matches()).forEach(member ->
                problems.add("cluster.members", "\"" + member + "\" is not a host or host:port"));
        problems.range("cluster.member-port", cluster.memberPort(), 1, 65535);
        problems.range("cluster.min-size", cluster.minSize(), 1, 1000);
        problems.range("cluster.expected-size", cluster.expectedSize(), 1, 1000);
        ClusterSettings.FailureDetector detector = cluster.failureDetector();
        problems.wholeSeconds("cluster.failure-detector.heartbeat-interval", detector.heartbeatInterval());
        problems.wholeSeconds("cluster.failure-detector.max-no-heartbeat", detector.maxNoHeartbeat());
        if (detector.heartbeatInterval().isZero()
                || detector.maxNoHeartbeat().compareTo(detector.heartbeatInterval().multipliedBy(2)) < 0) {
            problems.add("cluster.failure-detector.max-no-heartbeat",
                    "must be at least twice heartbeat-interval, which must be at least 1s");
        }
    }

    private static void check(Problems problems, RestSettings rest, TelemetrySettings telemetry, DemoSettings demo) {
        problems.range("rest.port", rest.port(), 1, 65535);
        problems.range("rest.max-body-bytes", rest.maxBodyBytes(), 1024, 1 << 30);
        problems.range("rest.max-batch-entries", rest.maxBatchEntries(), 1, 1_000_000);
        problems.range("rest.max-page-size", rest.maxPageSize(), 1, 100_000);
        problems.range("rest.sql-max-rows", rest.sqlMaxRows(), 1, 10_000_000);
        problems.positive("rest.sql-timeout", rest.sqlTimeout());
        problems.range("telemetry.max-batch-events", telemetry.maxBatchEvents(), 1, 1_000_000);
        problems.positive("telemetry.max-clock-skew", telemetry.maxClockSkew());
        problems.range("demo.nodes", demo.nodes(), 0, 1_000_000);
    }

    private static void check(Problems problems, SnapshotSettings snapshots, ControlSettings control) {
        if (snapshots.root().toString().isBlank()) {
            problems.add("snapshots.root", "must be a directory, got an empty value");
        }
        problems.range("snapshots.retention.keep-full", snapshots.keepFull(), 1, 1000);
        if (snapshots.maxAge().isNegative()) {
            problems.add("snapshots.retention.max-age", "must be 0 or longer");
        }
        problems.positive("snapshots.commit-log.roll-interval", snapshots.logRollInterval());
        problems.range("snapshots.weak-backlog-limit", snapshots.weakBacklogLimit(), 1, 10_000_000);
        if (control.checkInterval().compareTo(Duration.ofMillis(100)) < 0) {
            problems.add("control.check-interval", "must be at least 100ms");
        }
        problems.positive("control.job-supervision.interval", control.jobSupervisionInterval());
        problems.positive("control.node-health.interval", control.nodeHealthInterval());
        problems.positive("control.node-health.warning-after", control.heartbeatWarningAfter());
        if (control.heartbeatAlertAfter().compareTo(control.heartbeatWarningAfter()) <= 0) {
            problems.add("control.node-health.alert-after", "must be longer than warning-after");
        }
        problems.positive("control.snapshot-coordination.interval", control.snapshotCoordinationInterval());
    }

    private static JobSettings jobs(Problems problems, JobsSettings jobs) {
        JobsSettings.NodeHealth health = jobs.nodeHealth();
        int before = problems.count();
        problems.positive("jobs.node-health.window", health.window());
        problems.positive("jobs.node-health.slide", health.slide());
        problems.positive("jobs.rack-states.window", jobs.rackStates().window());
        problems.positive("jobs.snapshot-interval", jobs.snapshotInterval());
        problems.positive("jobs.idle-timeout", jobs.idleTimeout());
        problems.positive("jobs.node-health.forget-nodes-after", health.forgetNodesAfter());
        if (jobs.allowedLag().isNegative()) {
            problems.add("jobs.allowed-lag", "must be 0 or longer");
        }
        if (problems.count() > before) {
            return JobSettings.defaults(); // not used: startup stops on the problems
        }
        try {
            return new JobSettings(health.window(), health.slide(), jobs.rackStates().window(), jobs.allowedLag(),
                    jobs.snapshotInterval(), JobSettings.defaults().tickInterval(), jobs.idleTimeout(),
                    health.forgetNodesAfter(), health.keepHistory());
        } catch (IllegalArgumentException e) {
            problems.add("jobs.node-health.slide", e.getMessage());
            return JobSettings.defaults();
        }
    }
}
