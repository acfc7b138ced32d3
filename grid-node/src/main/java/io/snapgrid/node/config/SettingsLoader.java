package io.snapgrid.node.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.DependencyInjectionException;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts Snapgrid's layers into a Micronaut context: the shipped defaults into every context (tests included), and
 * the user file, documented variables and flags into the start command's. Micronaut binds the settings.
 */
@ContextConfigurer
public final class SettingsLoader implements ApplicationContextConfigurer {

    /** A context that binds and checks the settings but starts no member (see GridMemberFactory). */
    public static final String SETTINGS_ONLY = "snapgrid-settings-only";
    private static final Pattern UNCONVERTIBLE = Pattern.compile("parameter \\[(\\w+)\\] of class: ([\\w.$]+).*"
            + "Error resolving property value \\[([^\\]]+)\\]\\. Unable to convert value \\[(.*?)\\]", Pattern.DOTALL);

    @Override
    public void configure(ApplicationContextBuilder builder) {
        SnapgridSources.addShipped(builder);
    }

    /** Adds the layers of the start command's arguments and environment; returns them for {@link #explain}. */
    public static List<PropertySource> configure(ApplicationContextBuilder builder, List<String> args,
                                                 Map<String, String> environment) {
        List<PropertySource> layers = SnapgridSources.layers(args, environment);
        // Before binding: a misspelt key explains a value that seems to be ignored better than any other error.
        new Problems(layers).addAll(SnapgridSources.unknownKeys(layers)).throwIfAny();
        builder.propertySources(layers.toArray(PropertySource[]::new));
        return layers;
    }

    /** The settings the start command would run with, checked, without starting a node. */
    public static SnapgridSettings load(List<String> args, Map<String, String> environment) {
        ApplicationContextBuilder builder = ApplicationContext.builder().deduceEnvironment(false)
                .environments(SETTINGS_ONLY).banner(false);
        List<PropertySource> layers = configure(builder, args, environment);
        try (ApplicationContext context = builder.start()) {
            return context.getBean(SnapgridSettings.class);
        } catch (RuntimeException e) {
            throw explain(e, layers);
        }
    }

    /**
     * A startup failure as the configuration problem it is, if it is one. Micronaut names the key and the value it
     * could not convert in its message only; the record component it was for gives the type that was expected.
     */
    public static RuntimeException explain(RuntimeException failure, List<PropertySource> layers) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException invalid) {
                return invalid;
            }
            Matcher unconvertible = UNCONVERTIBLE.matcher(String.valueOf(cause.getMessage()));
            if (cause instanceof DependencyInjectionException && unconvertible.find()) {
                String key = unconvertible.group(3);
                Problems problems = new Problems(layers);
                problems.unconvertible(key, componentType(unconvertible.group(2), unconvertible.group(1)),
                        unconvertible.group(4));
                return problems.failure();
            }
        }
        return failure;
    }

    private static Class<?> componentType(String recordClass, String component) {
        try {
            return Arrays.stream(Class.forName(recordClass).getRecordComponents())
                    .filter(c -> c.getName().equals(component)).findFirst().<Class<?>>map(RecordComponent::getType)
                    .orElse(Object.class);
        } catch (ClassNotFoundException e) {
            return Object.class;
        }
    }
}
