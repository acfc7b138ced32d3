package io.snapgrid.node.config;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.core.convert.TypeConverter;
import io.micronaut.runtime.converters.time.TimeConverterRegistrar;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * Micronaut's durations (500ms, 10s, 5m, 1h, 2d), plus a bare 0, which snapgrid.yaml has always accepted for
 * "none" (snapshots.retention.max-age: 0). Registering this replaces Micronaut's converter, so it keeps its own.
 */
@Singleton
final class DurationConverter implements TypeConverter<CharSequence, Duration> {

    private final MutableConversionService micronaut = MutableConversionService.create();

    DurationConverter() {
        new TimeConverterRegistrar().register(micronaut);
    }

    @Override
    public Optional<Duration> convert(CharSequence text, Class<Duration> type, ConversionContext context) {
        String trimmed = text.toString().trim();
        return trimmed.equals("0") ? Optional.of(Duration.ZERO) : micronaut.convert(trimmed, type, context);
    }
}
