package io.snapgrid.node.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.CommandLinePropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.cli.CommandLine;
import io.micronaut.core.naming.NameUtils;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Snapgrid's configuration layers as Micronaut property sources, each overriding the one before: the shipped
 * snapgrid.yaml, a user file (SNAPGRID_CONFIG or --config=FILE), the documented SNAPGRID_* variables, and
 * --key.path=value flags. The layer that set a key is named in errors, and a file path resolves next to its file.
 */
public final class SnapgridSources {

    /** The environment variables the start command honours, and the key each one sets. */
    public static final Map<String, String> ENVIRONMENT_KEYS = Map.ofEntries(
            Map.entry("SNAPGRID_CLUSTER_NAME", "cluster.name"), Map.entry("SNAPGRID_MEMBER_PORT", "cluster.member-port"),
            Map.entry("SNAPGRID_MEMBERS", "cluster.members"), Map.entry("SNAPGRID_MIN_CLUSTER_SIZE", "cluster.min-size"),
            Map.entry("SNAPGRID_KUBERNETES", "cluster.kubernetes.enabled"), Map.entry("SNAPGRID_REST_PORT", "rest.port"),
            Map.entry("SNAPGRID_DATA_DIR", "data-dir"), Map.entry("SNAPGRID_SNAPSHOTS_ROOT", "snapshots.root"),
            Map.entry("SNAPGRID_SNAPSHOTS_STORE", "snapshots.store"),
            Map.entry("SNAPGRID_S3_ENDPOINT", "snapshots.s3.endpoint"), Map.entry("SNAPGRID_S3_BUCKET", "snapshots.s3.bucket"),
            Map.entry("SNAPGRID_S3_PREFIX", "snapshots.s3.prefix"), Map.entry("SNAPGRID_S3_REGION", "snapshots.s3.region"),
            Map.entry("SNAPGRID_COMMIT_LOG_ROOT", "snapshots.commit-log.root"),
            Map.entry("SNAPGRID_DEMO_NODES", "demo.nodes"),
            Map.entry("SNAPGRID_BIND_ADDRESS", "cluster.bind-address"),
            Map.entry("SNAPGRID_REST_BIND_ADDRESS", "rest.bind-address"),
            Map.entry("SNAPGRID_SECURITY_ENABLED", "security.enabled"),
            Map.entry("SNAPGRID_JWT_HMAC_SECRET", "security.jwt.hmac-secret"),
            Map.entry("SNAPGRID_JWT_JWKS_URL", "security.jwt.jwks-url"),
            Map.entry("SNAPGRID_REST_TLS_CERTIFICATE", "rest.tls.certificate"),
            Map.entry("SNAPGRID_REST_TLS_PRIVATE_KEY", "rest.tls.private-key"));
    /**
     * Variables that name a file holding a key's value, as a mounted Kubernetes Secret provides it; the value
     * variable of the same key wins over its file.
     */
    public static final Map<String, String> FILE_VARIABLES = Map.of(
            "SNAPGRID_JWT_HMAC_SECRET_FILE", "security.jwt.hmac-secret");
    static final String CONFIG_VARIABLE = "SNAPGRID_CONFIG";
    // Micronaut's application.yml is at -300 and its own environment variables at -200; flags (cli) are at 0.
    private static final int SHIPPED = -400;
    private static final int USER_FILE = -250;
    private static final int VARIABLES = -200;
    private static final String SHIPPED_NAME = "snapgrid.yaml (shipped defaults)";
    private static final String VARIABLES_NAME = "SNAPGRID_* environment variables";
    private static final Map<String, Object> SHIPPED_KEYS = read(SHIPPED_NAME,
            () -> SnapgridSources.class.getClassLoader().getResourceAsStream("snapgrid/snapgrid.yaml"));
    private static final Set<String> ROOTS = SHIPPED_KEYS.keySet().stream().map(key -> key.split("\\.")[0])
            .collect(Collectors.toSet());
    private static final Set<String> CLASS_KEYS = Arrays.stream(StorageClassSettings.class.getRecordComponents())
            .map(component -> NameUtils.hyphenate(component.getName())).filter(key -> !key.equals("name"))
            .collect(Collectors.toSet());

    private SnapgridSources() {
    }

    /** Also keeps Micronaut from reading CLUSTER_NAME and the like as Snapgrid keys: only the table above may. */
    static void addShipped(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of(SHIPPED_NAME, SHIPPED_KEYS, SHIPPED));
        builder.environmentVariableExcludes(System.getenv().keySet().stream().filter(variable -> ROOTS.stream()
                        .map(root -> root.toUpperCase().replace('-', '_'))
                        .anyMatch(root -> variable.equals(root) || variable.startsWith(root + "_")))
                .toArray(String[]::new));
    }

    static List<PropertySource> layers(List<String> args, Map<String, String> environment) {
        args.stream().filter(arg -> !arg.matches("--[^=]+=.*")).findFirst().ifPresent(arg -> {
            throw new InvalidConfigurationException(List.of("command line: " + arg
                    + ": flags take the form --key.path=value, e.g. --rest.port=8081"));
        });
        CommandLinePropertySource flags = new CommandLinePropertySource(CommandLine.parse(args.toArray(String[]::new)));
        List<PropertySource> layers = new ArrayList<>();
        Optional.ofNullable((String) flags.get("config")).or(() -> Optional.ofNullable(environment.get(CONFIG_VARIABLE)))
                .filter(file -> !file.isBlank()).ifPresent(file -> layers.add(PropertySource.of(file,
                        read(file, () -> Files.newInputStream(Path.of(file))), USER_FILE)));
        Map<String, Object> variables = new LinkedHashMap<>();
        FILE_VARIABLES.forEach((variable, key) -> Optional.ofNullable(environment.get(variable))
                .filter(file -> !file.isBlank()).ifPresent(file -> variables.put(key, secretFile(variable, file))));
        ENVIRONMENT_KEYS.forEach((variable, key) -> Optional.ofNullable(environment.get(variable))
                .filter(value -> !value.isBlank()).ifPresent(value -> variables.put(key, value)));
        layers.add(PropertySource.of(VARIABLES_NAME, variables, VARIABLES));
        layers.add(flags);
        return layers;
    }

    /** A secret file's content without the line break that {@code echo} or an editor leaves at its end. */
    private static String secretFile(String variable, String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new InvalidConfigurationException(List.of("environment variable " + variable
                    + ": cannot read the file " + file + ": " + e));
        }
    }

    /** Unknown keys under Snapgrid's sections, and in a user file or flags anything but Snapgrid's keys. */
    static List<String> unknownKeys(Collection<PropertySource> sources) {
        List<String> problems = new ArrayList<>();
        for (PropertySource source : sources) {
            boolean onlySnapgrid = source.getOrder() == USER_FILE || source instanceof CommandLinePropertySource;
            keys(source).filter(key -> source.getOrder() != SHIPPED && !known(key, source)
                            && (onlySnapgrid || ROOTS.contains(key.split("\\.")[0])))
                    .forEach(key -> problems.add(describe(source, key) + ": " + key + ": unknown key"));
        }
        return problems;
    }

    private static boolean known(String key, PropertySource source) {
        String[] parts = key.split("\\.");
        return SHIPPED_KEYS.containsKey(key) || key.startsWith("cluster.hazelcast-properties.")
                || parts.length == 3 && parts[0].equals("storage-classes") && CLASS_KEYS.contains(parts[2])
                || key.equals("config") && source instanceof CommandLinePropertySource;
    }

    /** The file, variable or flag that set {@code key}, or for a section the highest layer with keys in it. */
    static String describe(Collection<PropertySource> sources, String key) {
        return setter(sources, key).map(source -> describe(source, key)).orElse("configuration");
    }

    private static String describe(PropertySource source, String key) {
        if (source instanceof CommandLinePropertySource) {
            // An error message lands in logs: a secret is named, never shown.
            return "flag --" + key + "=" + (key.endsWith("secret") ? "(hidden)" : source.get(key));
        }
        return source.getOrder() != VARIABLES ? source.getName() : ENVIRONMENT_KEYS.entrySet().stream()
                .filter(entry -> entry.getValue().equals(key)).map(entry -> "environment variable " + entry.getKey())
                .findFirst().orElse(source.getName());
    }

    private static Optional<PropertySource> setter(Collection<PropertySource> sources, String key) {
        for (String section = key; ; section = section.substring(0, section.lastIndexOf('.'))) {
            String exact = section;
            Optional<PropertySource> found = sources.stream()
                    .filter(source -> keys(source).anyMatch(k -> k.equals(exact) || k.startsWith(exact + ".")))
                    .max(Comparator.comparingInt(PropertySource::getOrder));
            if (found.isPresent() || !section.contains(".")) {
                return found;
            }
        }
    }

    /** A schema path in a file is relative to that file (the shipped one: to the config jar's snapgrid/). */
    static InputStream open(Collection<PropertySource> sources, String key, String path) throws IOException {
        Optional<PropertySource> source = setter(sources, key);
        if (source.isPresent() && source.get().getOrder() == SHIPPED && !Path.of(path).isAbsolute()) {
            return Optional.ofNullable(SnapgridSources.class.getClassLoader().getResourceAsStream("snapgrid/" + path))
                    .orElseThrow(() -> new IOException("classpath:snapgrid/" + path + " not found"));
        }
        return Files.newInputStream(resolve(sources, key, path));
    }

    /** A path from a user file is relative to that file; from a variable or flag, to the working directory. */
    static Path resolve(Collection<PropertySource> sources, String key, String path) {
        return setter(sources, key).filter(s -> s.getOrder() == USER_FILE)
                .map(s -> Path.of(s.getName()).toAbsolutePath().getParent()).orElse(Path.of("")).resolve(path)
                .toAbsolutePath();
    }

    static Stream<String> keys(PropertySource source) {
        return StreamSupport.stream(source.spliterator(), false);
    }

    /** A YAML file as dotted keys, which is how a variable or flag names them too. */
    private static Map<String, Object> read(String name, Callable<InputStream> opener) {
        try (InputStream in = opener.call()) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (document != null && !(document instanceof Map<?, ?>)) {
                throw new InvalidConfigurationException(List.of(name + ": must be a YAML mapping of keys"));
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            flatten("", document == null ? Map.of() : (Map<?, ?>) document, keys);
            return keys;
        } catch (IOException e) {
            throw new InvalidConfigurationException(List.of(name + ": cannot read the file: " + e));
        } catch (Exception e) {
            throw e instanceof InvalidConfigurationException invalid ? invalid
                    : new InvalidConfigurationException(List.of(name + ": not valid YAML: " + e.getMessage()));
        }
    }

    private static void flatten(String prefix, Map<?, ?> section, Map<String, Object> into) {
        section.forEach((name, value) -> {
            if (value instanceof Map<?, ?> child) {
                flatten(prefix + name + ".", child, into);
            } else if (value != null) {
                into.put(prefix + name, value);
            }
        });
    }
}
