package io.snapgrid.node.config;

import com.hazelcast.config.EvictionPolicy;
import io.snapgrid.client.SnapgridMaps;
import io.snapgrid.client.records.Component;
import io.snapgrid.client.records.DeadLetter;
import io.snapgrid.client.records.Event;
import io.snapgrid.client.records.Node;
import io.snapgrid.client.records.NodeHealth;
import io.snapgrid.client.records.RackStates;
import io.snapgrid.node.storage.SplitBrainProtection;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.node.testing.TestCertificates;
import io.snapgrid.records.RecordType;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.s3.S3Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.snapgrid.snapshot.s3.S3Location;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String failure(List<String> args, Map<String, String> env) {
        return assertThrows(InvalidConfigurationException.class, () -> SettingsLoader.load(args, env)).getMessage();
    }

    @Test
    void shippedDefaultsStartALocalNode() {
        SnapgridSettings settings = SettingsLoader.load(List.of(), Map.of());
        assertEquals("snapgrid", settings.cluster().name());
        assertEquals(5701, settings.cluster().memberPort());
        assertEquals(8080, settings.rest().port());
        assertEquals(Path.of("./data"), settings.dataDir());
        StorageClass nodes = settings.storageClasses().forMap("inventory.nodes").orElseThrow();
        assertEquals("inventory-nodes", nodes.name());
        assertEquals(1, nodes.backups(), "YAML merge keys carry the inventory defaults over");
        assertEquals("snapgrid.inventory.Node", nodes.schema().orElseThrow().typeName());
        StorageClass cache = settings.storageClasses().forMap("cache.sessions").orElseThrow();
        assertEquals(EvictionPolicy.LRU, cache.eviction());
        assertEquals(Duration.ofMinutes(10), cache.ttl());
        assertTrue(settings.storageClasses().forMap("unmatched").isEmpty());
        assertEquals(100_000, nodes.eventJournalCapacity(), "the rack-states job reads the nodes' journal");
        assertEquals(0, cache.eventJournalCapacity());
    }

    @Test
    void telemetryMapsBindTheirSchemasAndTheEventsMapHasAJournal() {
        SnapgridSettings settings = SettingsLoader.load(List.of(), Map.of());
        assertEquals(5000, settings.telemetry().maxBatchEvents());
        assertEquals(Duration.ofMinutes(5), settings.telemetry().maxClockSkew());
        StorageClass events = settings.storageClasses().forMap("telemetry.events").orElseThrow();
        assertEquals("telemetry-events", events.name());
        assertEquals("snapgrid.telemetry.Event", events.schema().orElseThrow().typeName());
        assertEquals(1, events.backups());
        assertEquals(1_000_000, events.eventJournalCapacity());
        assertEquals(Duration.ofHours(1), events.ttl());
        Map.of("telemetry.node-health", "snapgrid.telemetry.NodeHealth",
                "telemetry.dead-letter", "snapgrid.telemetry.DeadLetter",
                "stats.rack-states", "snapgrid.stats.RackStates").forEach((map, type) -> {
            StorageClass bound = settings.storageClasses().forMap(map).orElseThrow();
            assertEquals(type, bound.schema().orElseThrow().typeName(), map);
            assertTrue(bound.namesOneMap(), map + " is created at startup, so its SQL mapping exists");
        });
        assertEquals(0, settings.storageClasses().forMap("telemetry.other").orElseThrow().eventJournalCapacity());

        SnapgridSettings tuned = SettingsLoader.load(List.of("--telemetry.max-batch-events=10",
                "--storage-classes.stats.event-journal-capacity=271"), Map.of());
        assertEquals(10, tuned.telemetry().maxBatchEvents());
        assertEquals(271, tuned.storageClasses().forMap("stats.x").orElseThrow().eventJournalCapacity());
    }

    @Test
    void aJournalSmallerThanThePartitionCountOrAnIngestTargetThatBreaksItsPromisesStopsStartup() throws IOException {
        assertTrue(failure(List.of("--storage-classes.stats.event-journal-capacity=100"), Map.of())
                .endsWith("storage-classes.stats.event-journal-capacity: must be 0 (no journal) or at least the"
                        + " partition count (271): each partition keeps capacity / partition count events"));
        SettingsLoader.load(List.of("--storage-classes.stats.event-journal-capacity=100",
                "--cluster.hazelcast-properties.hazelcast.partition.count=7"), Map.of());

        assertTrue(failure(List.of("--storage-classes.telemetry-events.backups=0"), Map.of())
                .contains("storage-classes.telemetry-events.backups: map telemetry.events (storage class"
                        + " telemetry-events), which POST /v1/telemetry writes, needs at least 1"));
        assertTrue(failure(List.of("--storage-classes.telemetry-events.event-journal-capacity=0"), Map.of())
                .contains("storage-classes.telemetry-events.event-journal-capacity: map telemetry.events"));
        Files.writeString(dir.resolve("reading.avsc"), """
                {"type": "record", "name": "Reading", "namespace": "site", "fields": [{"name": "id", "type": "string"}]}
                """);
        Path site = file("""
                storage-classes:
                  telemetry-events:
                    schema: reading.avsc
                """);
        assertEquals(site + ": storage-classes.telemetry-events.schema: map telemetry.events (storage class"
                        + " telemetry-events), which POST /v1/telemetry writes, needs the schema snapgrid.telemetry.Event"
                        + " (schemas/telemetry-event.avsc), got site.Reading",
                failure(List.of("--config=" + site), Map.of()));
        assertTrue(failure(List.of("--storage-classes.telemetry-events.match=telemetry.raw"), Map.of())
                .contains("storage-classes.telemetry.schema: map telemetry.events (storage class telemetry)"));
        assertTrue(failure(List.of("--telemetry.max-clock-skew=0"), Map.of())
                .endsWith("telemetry.max-clock-skew: must be longer than 0"));
        assertTrue(failure(List.of("--telemetry.max-batch-events=0"), Map.of())
                .endsWith("telemetry.max-batch-events: must be between 1 and 1000000, got 0"));
    }

    @Test
    void layersOverrideInOrderFileThenEnvironmentThenFlags() throws IOException {
        Path site = file("""
                cluster:
                  name: from-file
                  member-port: 6001
                rest:
                  port: 9001
                storage-classes:
                  cache:
                    ttl: 30s
                """);
        SnapgridSettings settings = SettingsLoader.load(List.of("--rest.port=9003"), Map.of(
                "SNAPGRID_CONFIG", site.toString(),
                "SNAPGRID_MEMBER_PORT", "6002",
                "SNAPGRID_REST_PORT", "9002",
                "SNAPGRID_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701",
                "SNAPGRID_DATA_DIR", "/var/lib/snapgrid"));
        assertEquals("from-file", settings.cluster().name());
        assertEquals(6002, settings.cluster().memberPort());
        assertEquals(9003, settings.rest().port());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), settings.cluster().members());
        assertEquals(Path.of("/var/lib/snapgrid"), settings.dataDir());
        StorageClass cache = settings.storageClasses().forMap("cache.x").orElseThrow();
        assertEquals(Duration.ofSeconds(30), cache.ttl());
        assertEquals(EvictionPolicy.LRU, cache.eviction(), "a file overrides single keys, not whole classes");
    }

    @Test
    void everyDocumentedVariableSetsItsKey() {
        TestCertificates.Issued tls = TestCertificates.issue(dir, "site-a", "EC");
        Map<String, String> environment = Map.ofEntries(
                Map.entry("SNAPGRID_CLUSTER_NAME", "site-a"),
                Map.entry("SNAPGRID_MEMBER_PORT", "6100"),
                Map.entry("SNAPGRID_MEMBERS", "10.0.0.1:6100,10.0.0.2:6100"),
                Map.entry("SNAPGRID_MIN_CLUSTER_SIZE", "2"),
                Map.entry("SNAPGRID_KUBERNETES", "true"),
                Map.entry("SNAPGRID_REST_PORT", "9100"),
                Map.entry("SNAPGRID_DATA_DIR", "/var/lib/site-a"),
                Map.entry("SNAPGRID_SNAPSHOTS_ROOT", "/shared/site-a"),
                Map.entry("SNAPGRID_SNAPSHOTS_STORE", "s3"),
                Map.entry("SNAPGRID_S3_ENDPOINT", "http://minio.site-a:9000"),
                Map.entry("SNAPGRID_S3_BUCKET", "site-a-snapshots"),
                Map.entry("SNAPGRID_S3_PREFIX", "grid/"),
                Map.entry("SNAPGRID_S3_REGION", "eu-central-1"),
                Map.entry("SNAPGRID_COMMIT_LOG_ROOT", "/var/lib/site-a/commit-logs"),
                Map.entry("SNAPGRID_DEMO_NODES", "12"),
                Map.entry("SNAPGRID_BIND_ADDRESS", "127.0.0.2"),
                Map.entry("SNAPGRID_REST_BIND_ADDRESS", "0.0.0.0"),
                Map.entry("SNAPGRID_SECURITY_ENABLED", "true"),
                Map.entry("SNAPGRID_JWT_HMAC_SECRET", "a-secret-of-thirty-two-bytes-at-least"),
                Map.entry("SNAPGRID_JWT_JWKS_URL", "https://keycloak.site-a/realms/grid/protocol/openid-connect/certs"),
                Map.entry("SNAPGRID_REST_TLS_CERTIFICATE", tls.certificate().toString()),
                Map.entry("SNAPGRID_REST_TLS_PRIVATE_KEY", tls.privateKey().toString()));
        assertEquals(environment.keySet(), SnapgridSources.ENVIRONMENT_KEYS.keySet(), "every variable is tried here");
        SnapgridSettings settings = SettingsLoader.load(List.of(), environment);
        assertEquals("site-a", settings.cluster().name());
        assertEquals(6100, settings.cluster().memberPort());
        assertEquals(List.of("10.0.0.1:6100", "10.0.0.2:6100"), settings.cluster().members());
        assertEquals(2, settings.cluster().minSize());
        assertEquals("127.0.0.2", settings.cluster().bindAddress());
        assertTrue(settings.cluster().kubernetes().enabled());
        assertEquals(9100, settings.rest().port());
        assertEquals(Path.of("/var/lib/site-a"), settings.dataDir());
        assertEquals(Path.of("/shared/site-a"), settings.snapshots().root());
        assertEquals(SnapshotSettings.Store.S3, settings.snapshots().store());
        assertEquals(new SnapshotSettings.S3("http://minio.site-a:9000", "site-a-snapshots", "grid/", "eu-central-1",
                false, true), settings.snapshots().s3());
        assertEquals(Path.of("/var/lib/site-a/commit-logs"), settings.snapshots().commitLog().root());
        assertEquals(12, settings.demo().nodes());
        assertEquals("0.0.0.0", settings.rest().bindAddress());
        assertTrue(settings.security().enabled());
        assertEquals("a-secret-of-thirty-two-bytes-at-least", settings.security().jwt().hmacSecret());
        assertEquals("https://keycloak.site-a/realms/grid/protocol/openid-connect/certs",
                settings.security().jwt().jwksUrl());
        assertEquals(new RestSettings.Tls(tls.certificate().toString(), tls.privateKey().toString()),
                settings.rest().tls());
        assertEquals(List.of(tls.x509()), settings.restTls().orElseThrow().chain());
    }

    @Test
    void snapshotsInS3NeedABucketAndKeepEachMembersCommitLogUnderItsDataDir() {
        SnapgridSettings defaults = SettingsLoader.load(List.of("--data-dir=/var/lib/snapgrid"), Map.of());
        assertEquals(SnapshotSettings.Store.FILESYSTEM, defaults.snapshots().store());

        SnapgridSettings s3 = SettingsLoader.load(List.of("--data-dir=/var/lib/snapgrid", "--snapshots.store=s3",
                "--snapshots.s3.bucket=grid-snapshots"), Map.of());
        assertEquals(SnapshotSettings.Store.S3, s3.snapshots().store());
        assertEquals(new S3Location(Optional.empty(), "us-east-1", "grid-snapshots", "", false, true),
                s3.snapshots().s3().location(), "AWS itself, with its checksums, unless told otherwise");
        assertEquals(Path.of("/var/lib/snapgrid/snapshots/commit-logs"), s3.snapshots().commitLog().root(),
                "each member's own data-dir, not a shared volume");
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), SettingsLoader.load(List.of(
                "--snapshots.store=s3", "--snapshots.s3.bucket=b", "--snapshots.s3.endpoint=http://127.0.0.1:9000"),
                Map.of()).snapshots().s3().location().endpoint());

        assertEquals("snapgrid.yaml (shipped defaults): snapshots.s3.bucket: must name an existing bucket when"
                + " snapshots.store is s3", failure(List.of("--snapshots.store=s3"), Map.of()));
        assertEquals("environment variable SNAPGRID_S3_PREFIX: snapshots.s3.prefix: must be empty or a relative key"
                + " prefix ending with /, got \"grid\"", failure(List.of("--snapshots.store=s3"),
                Map.of("SNAPGRID_S3_BUCKET", "b", "SNAPGRID_S3_PREFIX", "grid")));
        assertTrue(failure(List.of("--snapshots.store=s3", "--snapshots.s3.bucket=b",
                "--snapshots.s3.endpoint=minio:9000"), Map.of()).endsWith("snapshots.s3.endpoint: must be an http://"
                + " or https:// URL of a host (and port), got \"minio:9000\""));
        assertTrue(failure(List.of("--snapshots.store=nfs"), Map.of()).startsWith("flag --snapshots.store=nfs:"
                + " snapshots.store: must be one of"));
        assertEquals("unused", SettingsLoader.load(List.of("--snapshots.s3.prefix=unused"), Map.of()).snapshots().s3()
                .prefix(), "the filesystem store leaves the S3 keys alone");
    }

    @Test
    void unknownKeysAndUndocumentedVariablesSetNothing() {
        assertEquals("flag --no.such.key=1: no.such.key: unknown key",
                failure(List.of("--no.such.key=1", "--rest.port=http"), Map.of()), "before any value is converted");
        assertEquals("flag --storage-classes.cache.eviction=MRU: storage-classes.cache.eviction: must be one of"
                + " [LRU, LFU, NONE, RANDOM], got \"MRU\"", failure(List.of("--storage-classes.cache.eviction=MRU"),
                Map.of()), "not also a complaint about max-size, as if eviction were NONE");
        assertEquals("flag --rest.prot=1: rest.prot: unknown key", failure(List.of("--rest.prot=1"), Map.of()));
        assertEquals("flag --storage-classes.cache.tll=5m: storage-classes.cache.tll: unknown key",
                failure(List.of("--storage-classes.cache.tll=5m"), Map.of()));
        SnapgridSettings settings = SettingsLoader.load(List.of("--storage-classes.cache.ttl=5m",
                "--cluster.members=a:1,b:2"), Map.of("SNAPGRID_X", "1", "SNAPGRID_REST", "1"));
        assertEquals(Duration.ofMinutes(5), settings.storageClasses().forMap("cache.x").orElseThrow().ttl());
        assertEquals(List.of("a:1", "b:2"), settings.cluster().members());
    }

    @Test
    void snapshotsLiveUnderTheDataDirUnlessARootIsGiven() {
        SnapgridSettings defaults = SettingsLoader.load(List.of("--data-dir=/var/lib/snapgrid"), Map.of());
        assertEquals(Path.of("/var/lib/snapgrid/snapshots"), defaults.snapshots().root());
        assertEquals(3, defaults.snapshots().retention().keepFull());
        assertEquals(Duration.ofDays(7), defaults.snapshots().retention().maxAge());
        assertEquals(Duration.ofSeconds(30), defaults.control().snapshotCoordination().interval());

        SnapgridSettings shared = SettingsLoader.load(List.of("--snapshots.root=/shared/snapshots",
                "--snapshots.retention.keep-full=1", "--snapshots.retention.max-age=0"), Map.of());
        assertEquals(Path.of("/shared/snapshots"), shared.snapshots().root());
        assertEquals(1, shared.snapshots().retention().keepFull());
        assertEquals(Duration.ZERO, shared.snapshots().retention().maxAge());

        assertTrue(failure(List.of("--snapshots.retention.keep-full=0"), Map.of())
                .endsWith("snapshots.retention.keep-full: must be between 1 and 1000, got 0"));
        assertEquals(Duration.ZERO, defaults.snapshots().history().retain());
        assertEquals(10_000, defaults.snapshots().history().sqlMaxRows());
        assertEquals(Duration.ofSeconds(30), defaults.snapshots().history().sqlTimeout());
        assertEquals(Duration.ofDays(90), SettingsLoader.load(List.of("--snapshots.history.retain=90d"), Map.of())
                .snapshots().history().retain());
        assertTrue(failure(List.of("--snapshots.history.sql-timeout=0"), Map.of())
                .endsWith("snapshots.history.sql-timeout: must be longer than 0"));
        assertTrue(failure(List.of("--control.snapshot-coordination.interval=0"), Map.of())
                .endsWith("control.snapshot-coordination.interval: must be longer than 0"));
    }

    @Test
    void theLongestMatchingPrefixWins() {
        SnapgridSettings settings = SettingsLoader.load(List.of(
                "--storage-classes.racks.match=inventory.racks", "--storage-classes.racks.backups=2"), Map.of());
        assertEquals("racks", settings.storageClasses().forMap("inventory.racks.x9").orElseThrow().name());
        assertEquals("inventory", settings.storageClasses().forMap("inventory.pdus").orElseThrow().name());
        assertEquals("inventory-nodes", settings.storageClasses().forMap("inventory.nodes").orElseThrow().name());
    }

    @Test
    void errorsNameTheFileTheKeyAndTheProblem() throws IOException {
        Path site = file("""
                storage-classes:
                  stats:
                    backups: 9
                """);
        assertEquals(site + ": storage-classes.stats.backups: must be between 0 and 6, got 9",
                failure(List.of(), Map.of("SNAPGRID_CONFIG", site.toString())));

        file("cluster:\n  nmae: typo\n");
        assertEquals(site + ": cluster.nmae: unknown key", failure(List.of("--config=" + site), Map.of()));

        assertEquals("environment variable SNAPGRID_REST_PORT: rest.port: must be a whole number, got \"http\"",
                failure(List.of(), Map.of("SNAPGRID_REST_PORT", "http")));
        assertEquals("flag --storage-classes.cache.ttl=1500ms: storage-classes.cache.ttl: must be whole seconds"
                        + " (Hazelcast counts this setting in seconds)",
                failure(List.of("--storage-classes.cache.ttl=1500ms"), Map.of()));
        assertTrue(failure(List.of("--storage-classes.cache.eviction=MRU"), Map.of())
                .contains("storage-classes.cache.eviction: must be one of [LRU, LFU, NONE, RANDOM]"));
        assertEquals("environment variable SNAPGRID_KUBERNETES: cluster.kubernetes.enabled: must be true or false,"
                + " got \"ture\"", failure(List.of(), Map.of("SNAPGRID_KUBERNETES", "ture")));
        assertEquals("flag --storage-classes.cache.read-backup-data=yes: storage-classes.cache.read-backup-data: must be"
                + " true or false, got \"yes\"", failure(List.of("--storage-classes.cache.read-backup-data=yes"), Map.of()));
        assertEquals("flag --rest.port=8080.5: rest.port: must be a whole number, got \"8080.5\"",
                failure(List.of("--rest.port=8080.5"), Map.of()));
        assertTrue(failure(List.of("rest.port=1"), Map.of()).contains("flags take the form --key.path=value"));
        assertTrue(failure(List.of("--config=" + dir.resolve("missing.yaml")), Map.of()).contains("missing.yaml"));
    }

    @Test
    void durableClassesAreCheckedAgainstWhatTheStoreCanKeep() {
        SnapgridSettings shipped = SettingsLoader.load(List.of(), Map.of());
        assertEquals(Durability.STRONG, shipped.storageClasses().forMap("inventory.nodes").orElseThrow().durability());
        StorageClass stats = shipped.storageClasses().forMap("stats.rack-states").orElseThrow();
        assertEquals(Durability.WEAK, stats.durability());
        assertEquals(Duration.ofSeconds(10), stats.snapshotInterval());
        assertTrue(failure(List.of("--storage-classes.cache.durability=weak"), Map.of())
                .endsWith("storage-classes.cache.ttl: cannot be combined with durability weak: expired entries would"
                        + " come back from the snapshot store on restart; use durability none for expiring data"));
        assertTrue(failure(List.of("--storage-classes.inventory.snapshot-interval=5s"), Map.of())
                .endsWith("storage-classes.inventory.snapshot-interval: applies only to durability weak, not strong"));
        assertEquals("flag --storage-classes.stats.snapshot-interval=soon: storage-classes.stats.snapshot-interval: must be"
                + " a duration such as 500ms, 10s, 5m, 1h or 2d, got \"soon\"",
                failure(List.of("--storage-classes.stats.snapshot-interval=soon"), Map.of()));
        assertTrue(failure(List.of("--storage-classes.stats.snapshot-interval=0"), Map.of())
                .endsWith("storage-classes.stats.snapshot-interval: must be at least 1s (Hazelcast's write delay counts"
                        + " seconds)"));
        assertTrue(failure(List.of("--storage-classes.one.match=racks", "--storage-classes.one.durability=strong"),
                Map.of()).endsWith("storage-classes.one.durability: 'strong' needs a schema: snapshots are typed"
                + " Parquet columns"));
    }

    @Test
    void durableClassesAreProtectedFromSplitBrainUnlessTheySayNone() {
        SnapgridSettings shipped = SettingsLoader.load(List.of(), Map.of());
        assertEquals(SplitBrainProtection.MAJORITY,
                shipped.storageClasses().forMap("inventory.nodes").orElseThrow().splitBrainProtection());
        assertEquals(SplitBrainProtection.MAJORITY,
                shipped.storageClasses().forMap("stats.rack-states").orElseThrow().splitBrainProtection());
        assertEquals(SplitBrainProtection.NONE,
                shipped.storageClasses().forMap("telemetry.events").orElseThrow().splitBrainProtection());
        SnapgridSettings chosen = SettingsLoader.load(List.of("--storage-classes.stats.split-brain-protection=none",
                "--storage-classes.cache.split-brain-protection=majority"), Map.of());
        assertEquals(SplitBrainProtection.NONE,
                chosen.storageClasses().forMap("stats.x").orElseThrow().splitBrainProtection());
        assertEquals(SplitBrainProtection.MAJORITY,
                chosen.storageClasses().forMap("cache.x").orElseThrow().splitBrainProtection());
        assertTrue(failure(List.of("--storage-classes.stats.split-brain-protection=quorum"), Map.of())
                .contains("storage-classes.stats.split-brain-protection"));
    }

    @Test
    void schemaFilesResolveNextToTheFileThatNamesThem() throws IOException {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/rack.avsc"), """
                {"type": "record", "name": "Rack", "namespace": "site", "fields": [{"name": "row", "type": "int"}]}
                """);
        Path site = file("""
                storage-classes:
                  racks:
                    match: site.racks
                    schema: schemas/rack.avsc
                """);
        SnapgridSettings settings = SettingsLoader.load(List.of("--config=" + site), Map.of());
        assertEquals("site.Rack", settings.storageClasses().forMap("site.racks").orElseThrow().schema().orElseThrow().typeName());

        Files.writeString(dir.resolve("schemas/rack.avsc"), "{\"type\": \"record\", \"name\": \"Rack\", \"fields\": [{\"name\": \"x\", \"type\": \"bytes\"}]}");
        String message = failure(List.of("--config=" + site), Map.of());
        assertTrue(message.startsWith(site + ": storage-classes.racks.schema: schema file schemas/rack.avsc is not a usable"), message);
    }

    @Test
    void controlAndFailureDetectorSettingsAreCheckedTogether() {
        SnapgridSettings settings = SettingsLoader.load(List.of("--cluster.expected-size=5"), Map.of());
        assertEquals(3, settings.cluster().quorum());
        assertEquals(Duration.ofSeconds(10), settings.cluster().failureDetector().maxNoHeartbeat());
        assertEquals(Duration.ofSeconds(3), settings.control().lease());
        assertTrue(failure(List.of("--control.node-health.alert-after=30s"), Map.of())
                .endsWith("control.node-health.alert-after: must be longer than warning-after"));
        assertTrue(failure(List.of("--cluster.failure-detector.max-no-heartbeat=1s"), Map.of())
                .endsWith("cluster.failure-detector.max-no-heartbeat: must be at least twice heartbeat-interval,"
                        + " which must be at least 1s"));
        assertTrue(failure(List.of("--control.check-interval=10ms"), Map.of()).endsWith("must be at least 100ms"));
    }

    /** The client kit's typed maps are the maps the shipped storage classes bind to those types' schemas. */
    @Test
    void eachTypedMapIsBoundToItsTypesSchemaByTheShippedConfiguration() {
        StorageClasses shipped = SettingsLoader.load(List.of(), Map.of()).storageClasses();
        Map<String, String> typeByMap = Map.of(
                SnapgridMaps.NODES, Node.TYPE_NAME,
                SnapgridMaps.COMPONENTS, Component.TYPE_NAME,
                SnapgridMaps.EVENTS, Event.TYPE_NAME,
                SnapgridMaps.NODE_HEALTH, NodeHealth.TYPE_NAME,
                SnapgridMaps.DEAD_LETTER, DeadLetter.TYPE_NAME,
                SnapgridMaps.RACK_STATES, RackStates.TYPE_NAME);
        typeByMap.forEach((map, typeName) -> assertEquals(typeName, shipped.forMap(map)
                .flatMap(storageClass -> storageClass.schema()).map(RecordType::typeName).orElse(null), map));
    }
}
