package io.snapgrid.node.storage;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The configured storage classes; a map belongs to the class with the longest matching prefix. */
public final class StorageClasses {

    private final List<StorageClass> byLongestMatch;

    public StorageClasses(List<StorageClass> classes) {
        this.byLongestMatch = classes.stream()
                .sorted(Comparator.comparingInt((StorageClass c) -> c.match().length()).reversed())
                .toList();
    }

    public Optional<StorageClass> forMap(String mapName) {
        return byLongestMatch.stream().filter(c -> c.matches(mapName)).findFirst();
    }

    public List<StorageClass> all() {
        return byLongestMatch;
    }
}
