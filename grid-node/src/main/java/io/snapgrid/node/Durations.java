package io.snapgrid.node;

import io.micronaut.core.convert.ConversionService;

import java.time.Duration;

/** Durations as operators write them (500ms, 10s, 5m, 1h, 2d), for messages and options outside the settings. */
public final class Durations {

    private Durations() {
    }

    /** Micronaut's reading, the same as for durations in snapgrid.yaml. */
    public static Duration parse(String text) {
        return ConversionService.SHARED.convertRequired(text.trim(), Duration.class);
    }

    /** The form {@link #parse} reads, in the largest unit that divides the duration: 300000ms is "5m". */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
