package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.micronaut.http.MediaType;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.api.MapDescription;
import io.snapgrid.node.rest.api.MapList;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.snapshot.Durability;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
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

    @Operation(operationId = "listMaps", summary = "List the grid's maps with their storage class and size")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get
    MapList list() {
        return new MapList(member.getDistributedObjects().stream()
                .filter(object -> object instanceof IMap<?, ?> && !object.getName().startsWith("__"))
                .sorted(Comparator.comparing(DistributedObject::getName))
                .map(object -> new MapList.ListedMap(object.getName(),
                        classes.forMap(object.getName()).map(StorageClass::name).orElse(null),
                        ((IMap<?, ?>) object).size()))
                .toList());
    }

    @Operation(operationId = "describeMap", summary = "One map's storage-class settings and its Avro schema")
    @ApiResponse(responseCode = "200", description = "The map's storage class and schema",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MapDescription.class)))
    @ApiResponse(responseCode = "400", description = "An invalid map name (invalid-map-name)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get("/{map}")
    MapDescription describe(String map) {
        StorageClass storageClass = maps.storageClass(map);
        return new MapDescription(map, storageClass.name(), storageClass.match(), storageClass.backups(),
                storageClass.asyncBackups(), storageClass.readBackupData(), storageClass.durability().toString(),
                storageClass.durability() == Durability.WEAK ? storageClass.snapshotInterval().getSeconds() : null,
                storageClass.ttl().getSeconds(), storageClass.maxIdle().getSeconds(),
                new MapDescription.Eviction(storageClass.eviction().name(), storageClass.maxSize()),
                storageClass.eventJournalCapacity(), existing.find(map).map(IMap::size).orElse(0),
                storageClass.schema().map(type -> schemaJson(type.avroSchema().toString())).orElse(null));
    }

    private Map<String, Object> schemaJson(String avsc) {
        try {
            return json.readValue(avsc, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Avro always writes its schemas as JSON", e);
        }
    }
}
