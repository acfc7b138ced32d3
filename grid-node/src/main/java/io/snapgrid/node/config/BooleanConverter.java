package io.snapgrid.node.config;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Replaces Micronaut's reading of true and false in the node's context, which takes any word but yes, y, on and
 * true for false: SNAPGRID_KUBERNETES=ture must stop the node, not turn discovery off.
 */
@Singleton
final class BooleanConverter implements TypeConverter<CharSequence, Boolean> {

    @Override
    public Optional<Boolean> convert(CharSequence text, Class<Boolean> type, ConversionContext context) {
        return switch (text.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                context.reject(text, new IllegalArgumentException("must be true or false"));
                yield Optional.empty();
            }
        };
    }
}
