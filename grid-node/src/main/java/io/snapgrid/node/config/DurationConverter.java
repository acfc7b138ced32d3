package io.snapgrid.node.config;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import io.snapgrid.node.Durations;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** Replaces Micronaut's duration converter in the node's context, to accept a bare 0 as well (see Durations). */
@Singleton
final class DurationConverter implements TypeConverter<CharSequence, Duration> {

    @Override
    public Optional<Duration> convert(CharSequence text, Class<Duration> type, ConversionContext context) {
        return Durations.convert(text, context);
    }
}
