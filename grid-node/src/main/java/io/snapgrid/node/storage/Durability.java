package io.snapgrid.node.storage;

import java.util.Locale;

/** What a storage class promises to keep when members crash (DESIGN.md section 4). */
public enum Durability {
    NONE, WEAK, STRONG;

    public static Durability parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
