package io.snapgrid.records.inventory;

/** The maps of the reference inventory. */
public final class InventoryMaps {

    public static final String NODES = "inventory.nodes";
    public static final String COMPONENTS = "inventory.components";

    private InventoryMaps() {
    }
}
