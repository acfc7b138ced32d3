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
 * Public only for generated code in other packages; not part of the kit's API.
 */
public final class CompactFields {

    private CompactFields() {
    }

    public static boolean has(CompactReader in, String field) {
        return in.getFieldKind(field) != FieldKind.NOT_AVAILABLE;
    }

    /** For a required field without a default that the writer's version of the type did not have. */
    public static <T> T missing(String typeName, String field) {
        throw new HazelcastSerializationException(typeName + " record without its required field '" + field
                + "': it was written by a version of the type that lacked it");
    }

    public static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /** Maps are kept in key order, as the members store them, so equal records print and compare alike. */
    public static <V> Map<String, V> sorted(Map<String, V> map) {
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

    public static <E extends Enum<E>> E symbol(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    public static String name(Enum<?> symbol) {
        return symbol == null ? null : symbol.name();
    }

    public static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    public static <T> List<T> list(T[] items) {
        return items == null ? null : List.of(items);
    }

    public static List<Integer> list(int[] items) {
        return items == null ? null : Arrays.stream(items).boxed().toList();
    }

    public static List<Long> list(long[] items) {
        return items == null ? null : Arrays.stream(items).boxed().toList();
    }

    public static List<Double> list(double[] items) {
        return items == null ? null : Arrays.stream(items).boxed().toList();
    }

    public static List<Float> list(float[] items) {
        if (items == null) {
            return null;
        }
        List<Float> list = new ArrayList<>(items.length);
        for (float item : items) {
            list.add(item);
        }
        return List.copyOf(list);
    }

    public static List<Boolean> list(boolean[] items) {
        if (items == null) {
            return null;
        }
        List<Boolean> list = new ArrayList<>(items.length);
        for (boolean item : items) {
            list.add(item);
        }
        return List.copyOf(list);
    }

    public static <E extends Enum<E>> List<E> symbols(Class<E> type, String[] names) {
        return names == null ? null : Arrays.stream(names).map(name -> Enum.valueOf(type, name)).toList();
    }

    public static List<Instant> instants(long[] millis) {
        return millis == null ? null : Arrays.stream(millis).mapToObj(Instant::ofEpochMilli).toList();
    }

    public static <E, K, V> Map<K, V> map(E[] entries, Function<E, K> key, Function<E, V> value) {
        if (entries == null) {
            return null;
        }
        Map<K, V> map = new LinkedHashMap<>();
        for (E entry : entries) {
            map.put(key.apply(entry), value.apply(entry));
        }
        return map;
    }

    public static <V, E> E[] entries(Map<String, V> map, BiFunction<String, V, E> entry, IntFunction<E[]> array) {
        if (map == null) {
            return null;
        }
        return new TreeMap<>(map).entrySet().stream().map(e -> entry.apply(e.getKey(), e.getValue()))
                .toArray(array);
    }

    public static <T> T[] array(List<T> items, IntFunction<T[]> array) {
        return items == null ? null : items.toArray(array.apply(0));
    }

    public static String[] strings(List<String> items) {
        return items == null ? null : items.toArray(new String[0]);
    }

    public static String[] names(List<? extends Enum<?>> items) {
        return items == null ? null : items.stream().map(Enum::name).toArray(String[]::new);
    }

    public static int[] ints(List<Integer> items) {
        return items == null ? null : items.stream().mapToInt(Integer::intValue).toArray();
    }

    public static long[] longs(List<Long> items) {
        return items == null ? null : items.stream().mapToLong(Long::longValue).toArray();
    }

    public static long[] millis(List<Instant> items) {
        return items == null ? null : items.stream().mapToLong(Instant::toEpochMilli).toArray();
    }

    public static double[] doubles(List<Double> items) {
        return items == null ? null : items.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static float[] floats(List<Float> items) {
        if (items == null) {
            return null;
        }
        float[] array = new float[items.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = items.get(i);
        }
        return array;
    }

    public static boolean[] booleans(List<Boolean> items) {
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
