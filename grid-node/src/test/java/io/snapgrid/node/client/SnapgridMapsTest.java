package io.snapgrid.node.client;

import io.snapgrid.client.SnapgridMaps;
import io.snapgrid.client.records.Component;
import io.snapgrid.client.records.DeadLetter;
import io.snapgrid.client.records.Event;
import io.snapgrid.client.records.Node;
import io.snapgrid.client.records.NodeHealth;
import io.snapgrid.client.records.RackStates;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.records.RecordType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kit's typed maps are the maps the shipped storage classes bind to those types' schemas. */
class SnapgridMapsTest {

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
