package io.snapgrid.client.records;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.compact.CompactReader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Conversions the generated records and serializers share, between the Java forms (lists, maps, enums, Instants)
 * and the Compact ones the members store (arrays, sorted entry records, symbol names, epoch milliseconds).
 */
final class CompactFields {

    private CompactFields() {
    }

    static boolean has(CompactReader in, String field) {
        return in.getFieldKind(field) != FieldKind.NOT_AVAILABLE;
    }

    /** For a required field without a default that the writer's version of the type did not have. */
    static <T> T missing(String typeName, String field) {
        throw new HazelcastSerializationException(typeName + " record without its required field '" + field
                + "': it was written by a version of the type that lacked it");
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /** Maps are kept in key order, as the members store them, so equal records print and compare alike. */
    static <V> Map<String, V> sorted(Map<String, V> map) {
        if (map == null) {
            return null;
        }
        Map<String, V> sorted = new TreeMap<>();
        map.forEach((key, value) -> sorted.put(requireNonNull(key, "map key"), requireNonNull(value, key)));
        return Collections.unmodifiableMap(sorted);
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null; map keys and values cannot be null");
        }
        return value;
    }

    static <E extends Enum<E>> E symbol(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    static String name(Enum<?> symbol) {
        return symbol == null ? null : symbol.name();
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static <T> List<T> list(T[] items) {
        return items == null ? null : List.of(items);
    }

    static List<Integer> list(int[] items) {
        return items == null ? null : Arrays.stream(items).boxed().toList();
    }

    static List<Long> list(long[] items) {
        return items == null ? null : Arrays.stream(items).boxed().toList();
    }

    static List<Double> list(double[] items) {
        return items == null ? null : Arrays.stream(items).boxed().toList();
    }

    static List<Float> list(float[] items) {
        if (items == null) {
            return null;
        }
        List<Float> list = new ArrayList<>(items.length);
        for (float item : items) {
            list.add(item);
        }
        return List.copyOf(list);
    }

    static List<Boolean> list(boolean[] items) {
        if (items == null) {
            return null;
        }
        List<Boolean> list = new ArrayList<>(items.length);
        for (boolean item : items) {
            list.add(item);
        }
        return List.copyOf(list);
    }

    static <E extends Enum<E>> List<E> symbols(Class<E> type, String[] names) {
        return names == null ? null : Arrays.stream(names).map(name -> Enum.valueOf(type, name)).toList();
    }

    static List<Instant> instants(long[] millis) {
        return millis == null ? null : Arrays.stream(millis).mapToObj(Instant::ofEpochMilli).toList();
    }

    static <E, K, V> Map<K, V> map(E[] entries, Function<E, K> key, Function<E, V> value) {
        if (entries == null) {
            return null;
        }
        Map<K, V> map = new LinkedHashMap<>();
        for (E entry : entries) {
            map.put(key.apply(entry), value.apply(entry));
        }
        return map;
    }

    static <V, E> E[] entries(Map<String, V> map, BiFunction<String, V, E> entry, IntFunction<E[]> array) {
        if (map == null) {
            return null;
        }
        return new TreeMap<>(map).entrySet().stream().map(e -> entry.apply(e.getKey(), e.getValue()))
                .toArray(array);
    }

    static <T> T[] array(List<T> items, IntFunction<T[]> array) {
        return items == null ? null : items.toArray(array.apply(0));
    }

    static String[] strings(List<String> items) {
        return items == null ? null : items.toArray(new String[0]);
    }

    static String[] names(List<? extends Enum<?>> items) {
        return items == null ? null : items.stream().map(Enum::name).toArray(String[]::new);
    }

    static int[] ints(List<Integer> items) {
        return items == null ? null : items.stream().mapToInt(Integer::intValue).toArray();
    }

    static long[] longs(List<Long> items) {
        return items == null ? null : items.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] millis(List<Instant> items) {
        return items == null ? null : items.stream().mapToLong(Instant::toEpochMilli).toArray();
    }

    static double[] doubles(List<Double> items) {
        return items == null ? null : items.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static float[] floats(List<Float> items) {
        if (items == null) {
            return null;
        }
        float[] array = new float[items.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = items.get(i);
        }
        return array;
    }

    static boolean[] booleans(List<Boolean> items) {
        if (items == null) {
            return null;
        }
        boolean[] array = new boolean[items.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = items.get(i);
        }
        return array;
    }
}
