package io.snapgrid.node.config;

import com.hazelcast.config.EvictionPolicy;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.naming.NameUtils;
import io.snapgrid.node.storage.SplitBrainProtection;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.node.telemetry.TelemetryContract;
import io.snapgrid.records.RecordType;
import io.snapgrid.snapshot.Durability;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Storage classes as the store, Hazelcast and POST /v1/telemetry can keep them. */
final class StorageClassChecks {

    private static final int MAX_BACKUPS = 6;

    private StorageClassChecks() {
    }

    static StorageClasses bind(Problems problems, Environment environment, Collection<StorageClassSettings> written,
                               int partitions) {
        written.forEach(settings -> convertible(problems, environment, "storage-classes." + settings.name() + "."));
        problems.throwIfAny(); // checked against the default instead, a value would give confusing messages
        Map<String, String> classByMatch = new HashMap<>();
        List<StorageClass> classes = new ArrayList<>();
        for (StorageClassSettings settings : written.stream()
                .sorted(Comparator.comparing(StorageClassSettings::name)).toList()) {
            String key = "storage-classes." + settings.name() + ".";
            StorageClass storageClass = check(problems, environment.getPropertySources(), key, settings, partitions);
            String clash = classByMatch.put(storageClass.match(), settings.name());
            if (clash != null) {
                problems.add(key + "match", "\"" + storageClass.match() + "\" is already the match of class " + clash);
            }
            classes.add(storageClass);
        }
        StorageClasses storage = new StorageClasses(classes);
        requireIngestTarget(problems, storage);
        return storage;
    }

    /** Micronaut binds a value it cannot convert as the key's default, so each written key is tried here. */
    private static void convertible(Problems problems, Environment environment, String prefix) {
        for (RecordComponent component : StorageClassSettings.class.getRecordComponents()) {
            String key = prefix + NameUtils.hyphenate(component.getName());
            Optional<String> written = environment.getProperty(key, String.class);
            if (written.isPresent() && environment.getProperty(key, component.getType()).isEmpty()) {
                problems.unconvertible(key, component.getType(), written.get());
            }
        }
    }

    private static StorageClass check(Problems problems, Collection<PropertySource> sources, String key,
                                      StorageClassSettings settings, int partitions) {
        String match = Optional.ofNullable(settings.match()).orElse("");
        if (settings.match() == null) {
            problems.add(key + "match", "is required");
        } else if (!match.matches("[A-Za-z0-9._-]{0,128}")) {
            problems.add(key + "match", "may hold only letters, digits, '.', '_' and '-' (at most 128), got \"" + match + "\"");
        }
        problems.range(key + "backups", settings.backups(), 0, MAX_BACKUPS);
        problems.range(key + "async-backups", settings.asyncBackups(), 0, MAX_BACKUPS);
        if (settings.backups() + settings.asyncBackups() > MAX_BACKUPS && settings.backups() <= MAX_BACKUPS
                && settings.asyncBackups() <= MAX_BACKUPS) {
            problems.add(key + "async-backups", "backups plus async-backups must be at most " + MAX_BACKUPS);
        }
        problems.range(key + "max-size", settings.maxSize(), 0, Integer.MAX_VALUE);
        if (settings.eviction() != EvictionPolicy.NONE && settings.maxSize() == 0) {
            problems.add(key + "max-size", "is required when eviction is " + settings.eviction());
        } else if (settings.eviction() == EvictionPolicy.NONE && settings.maxSize() > 0) {
            problems.add(key + "max-size", "has no effect without an eviction policy (set eviction: LRU, LFU or RANDOM)");
        }
        problems.wholeSeconds(key + "ttl", settings.ttl());
        problems.wholeSeconds(key + "max-idle", settings.maxIdle());
        Duration interval = settings.durability() == Durability.WEAK ? settings.snapshotInterval() : Duration.ZERO;
        if (settings.durability() == Durability.WEAK) {
            problems.wholeSeconds(key + "snapshot-interval", interval);
            if (interval.isZero()) {
                problems.add(key + "snapshot-interval", "must be at least 1s (Hazelcast's write delay counts seconds)");
            }
        } else if (sources.stream().anyMatch(source -> source.get(key + "snapshot-interval") != null)) {
            problems.add(key + "snapshot-interval", "applies only to durability weak, not " + settings.durability());
        }
        Optional<RecordType> schema = schema(problems, sources, key + "schema", settings.schema());
        if (settings.durability() != Durability.NONE) {
            // A family class (match ending in '.') may leave the schema to the classes of its maps; a map of the
            // family without one is refused when it is created.
            if (schema.isEmpty() && !match.isEmpty() && !match.endsWith(".")) {
                problems.add(key + "durability", "'" + settings.durability()
                        + "' needs a schema: snapshots are typed Parquet columns");
            }
            if (!settings.ttl().isZero() || !settings.maxIdle().isZero()) {
                problems.add(key + (settings.ttl().isZero() ? "max-idle" : "ttl"), "cannot be combined with durability "
                        + settings.durability() + ": expired entries would come back from the snapshot store on"
                        + " restart; use durability none for expiring data");
            }
        }
        int journal = settings.eventJournalCapacity();
        if (journal < 0 || journal > 0 && journal < partitions) {
            problems.add(key + "event-journal-capacity", "must be 0 (no journal) or at least the partition count ("
                    + partitions + "): each partition keeps capacity / partition count events");
        }
        return new StorageClass(settings.name(), match, settings.backups(), settings.asyncBackups(),
                settings.durability(), settings.ttl(), settings.maxIdle(), settings.eviction(), settings.maxSize(),
                settings.readBackupData(), schema, interval, journal, Optional.ofNullable(settings.splitBrainProtection())
                .orElse(settings.durability() == Durability.NONE ? SplitBrainProtection.NONE : SplitBrainProtection.MAJORITY));
    }

    private static Optional<RecordType> schema(Problems problems, Collection<PropertySource> sources, String key,
                                               String file) {
        if (file == null) {
            return Optional.empty();
        }
        try (InputStream in = SnapgridSources.open(sources, key, file)) {
            return Optional.of(RecordType.load(in));
        } catch (IOException e) {
            problems.add(key, "cannot read schema file " + file + ": " + e);
        } catch (RuntimeException e) {
            problems.add(key, "schema file " + file + " is not a usable Avro record schema: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * POST /v1/telemetry acknowledges an event once it is in {@code telemetry.events} and that entry's synchronous
     * backup, and the telemetry jobs read the map's event journal; a class that cannot keep those promises is a
     * configuration error, not something to discover when the first event arrives.
     */
    private static void requireIngestTarget(Problems problems, StorageClasses classes) {
        String map = TelemetryContract.EVENTS_MAP;
        StorageClass target = classes.forMap(map).orElse(null);
        if (target == null) {
            problems.add("storage-classes", "no storage class matches map " + map
                    + ", which POST /v1/telemetry writes (the shipped class is telemetry-events)");
            return;
        }
        String key = "storage-classes." + target.name() + ".";
        String needs = "map " + map + " (storage class " + target.name() + "), which POST /v1/telemetry writes, needs ";
        RecordType schema = target.schema().orElse(null);
        if (schema == null || !schema.typeName().equals(TelemetryContract.EVENT_TYPE)) {
            problems.add(key + "schema", needs + "the schema " + TelemetryContract.EVENT_TYPE
                    + " (schemas/telemetry-event.avsc), got " + (schema == null ? "none" : schema.typeName()));
        } else {
            TelemetryContract.EVENT_FIELDS.stream().filter(field -> schema.avroSchema().getField(field) == null)
                    .forEach(field -> problems.add(key + "schema", needs + "a field '" + field + "' in its schema"));
        }
        if (target.backups() < 1) {
            problems.add(key + "backups", needs + "at least 1: an event is acknowledged only once its synchronous"
                    + " backup has it");
        }
        if (!target.hasEventJournal()) {
            problems.add(key + "event-journal-capacity", needs + "an event journal: the telemetry jobs read it");
        }
    }
}
