package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.snapshot.Durability;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which maps exist, which storage class governs each, and the schema their records follow. */
@Controller("/v1/maps")
final class MapsController {

    private final HazelcastInstance member;
    private final StorageClasses classes;
    private final RecordMaps maps;
    private final ExistingMaps existing;
    private final ObjectMapper json;

    MapsController(HazelcastInstance member, SnapgridSettings settings, RecordMaps maps, ExistingMaps existing,
                   ObjectMapper json) {
        this.member = member;
        this.classes = settings.storageClasses();
        this.maps = maps;
        this.existing = existing;
        this.json = json;
    }

    @Operation(summary = "List the grid's maps with their storage class and size")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get
    Map<String, Object> list() {
        List<Map<String, Object>> listed = new ArrayList<>();
        member.getDistributedObjects().stream()
                .filter(object -> object instanceof IMap<?, ?> && !object.getName().startsWith("__"))
                .sorted(Comparator.comparing(DistributedObject::getName))
                .forEach(object -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", object.getName());
                    row.put("storageClass", classes.forMap(object.getName()).map(StorageClass::name).orElse(null));
                    row.put("size", ((IMap<?, ?>) object).size());
                    listed.add(row);
                });
        return Map.of("maps", listed);
    }

    @Operation(summary = "One map's storage-class settings and its Avro schema")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get("/{map}")
    Map<String, Object> describe(String map) {
        StorageClass storageClass = maps.storageClass(map);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", map);
        body.put("storageClass", storageClass.name());
        body.put("match", storageClass.match());
        body.put("backups", storageClass.backups());
        body.put("asyncBackups", storageClass.asyncBackups());
        body.put("readBackupData", storageClass.readBackupData());
        body.put("durability", storageClass.durability().toString());
        if (storageClass.durability() == Durability.WEAK) {
            body.put("snapshotIntervalSeconds", storageClass.snapshotInterval().getSeconds());
        }
        body.put("ttlSeconds", storageClass.ttl().getSeconds());
        body.put("maxIdleSeconds", storageClass.maxIdle().getSeconds());
        Map<String, Object> eviction = new LinkedHashMap<>();
        eviction.put("policy", storageClass.eviction().name());
        eviction.put("maxSizePerMember", storageClass.maxSize());
        body.put("eviction", eviction);
        body.put("eventJournalCapacity", storageClass.eventJournalCapacity());
        body.put("size", existing.find(map).map(IMap::size).orElse(0));
        body.put("schema", storageClass.schema().map(type -> schemaJson(type.avroSchema().toString())).orElse(null));
        return body;
    }

    private JsonNode schemaJson(String avsc) {
        try {
            return json.readTree(avsc);
        } catch (IOException e) {
            throw new UncheckedIOException("Avro always writes its schemas as JSON", e);
        }
    }
}
