package io.snapgrid.node;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.runtime.converters.time.TimeConverterRegistrar;

import java.time.Duration;
import java.util.Optional;

/**
 * Durations as operators write them: Micronaut's 500ms, 10s, 5m, 1h, 2d, plus a bare 0, which snapgrid.yaml has
 * always accepted for "none" (snapshots.retention.max-age: 0). The settings and the benchmarks' options read them.
 */
public final class Durations {

    public static final String EXPECTED = "must be a duration such as 500ms, 10s, 5m, 1h or 2d";
    private static final MutableConversionService MICRONAUT = MutableConversionService.create();

    static {
        new TimeConverterRegistrar().register(MICRONAUT);
    }

    private Durations() {
    }

    public static Optional<Duration> convert(CharSequence text, ConversionContext context) {
        String trimmed = text.toString().trim();
        return trimmed.equals("0") ? Optional.of(Duration.ZERO) : MICRONAUT.convert(trimmed, Duration.class, context);
    }

    public static Duration parse(String text) {
        return convert(text, ConversionContext.DEFAULT).orElseThrow(() -> new IllegalArgumentException(
                EXPECTED + ", got \"" + text + "\""));
    }

    /** The form {@link #parse} reads, in the largest unit that divides the duration: 300000ms is "5m". */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
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
