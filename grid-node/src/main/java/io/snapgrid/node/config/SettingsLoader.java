package io.snapgrid.node.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link SnapgridSettings} from four layers, each overriding the one before: the shipped
 * snapgrid.yaml, a user file (SNAPGRID_CONFIG or --config=FILE), the SNAPGRID_* environment variables,
 * and --key.path=value flags.
 */
public final class SettingsLoader {

    public static final String CONFIG_VARIABLE = "SNAPGRID_CONFIG";

    /** The environment variables the start command honours, and the key each one sets. */
    public static final Map<String, String> ENVIRONMENT_KEYS = orderedMap(
            "SNAPGRID_CLUSTER_NAME", "cluster.name",
            "SNAPGRID_MEMBER_PORT", "cluster.member-port",
            "SNAPGRID_MEMBERS", "cluster.members",
            "SNAPGRID_MIN_CLUSTER_SIZE", "cluster.min-size",
            "SNAPGRID_KUBERNETES", "cluster.kubernetes.enabled",
            "SNAPGRID_REST_PORT", "rest.port",
            "SNAPGRID_DATA_DIR", "data-dir",
            "SNAPGRID_SNAPSHOTS_ROOT", "snapshots.root",
            "SNAPGRID_DEMO_NODES", "demo.nodes");

    private static final String SHIPPED = "snapgrid.yaml";

    private SettingsLoader() {
    }

    public static SnapgridSettings load(List<String> args, Map<String, String> environment) {
        Map<String, Object> tree = readYaml(new ConfigSource.Shipped(SHIPPED));
        String userFile = userFile(args, environment);
        if (userFile != null) {
            ConfigTree.merge(tree, readYaml(new ConfigSource.UserFile(Path.of(userFile))));
        }
        ENVIRONMENT_KEYS.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                ConfigTree.set(tree, key, value, new ConfigSource.Inline("environment variable " + variable));
            }
        });
        for (String arg : args) {
            String[] flag = parseFlag(arg);
            if (!flag[0].equals("config")) {
                ConfigTree.set(tree, flag[0], flag[1], new ConfigSource.Inline("flag " + arg));
            }
        }
        return SettingsBinder.bind(new ConfigNode("", new ConfigSource.Shipped(SHIPPED), tree));
    }

    private static String userFile(List<String> args, Map<String, String> environment) {
        String file = environment.get(CONFIG_VARIABLE);
        for (String arg : args) {
            String[] flag = parseFlag(arg);
            if (flag[0].equals("config")) {
                file = flag[1];
            }
        }
        return file == null || file.isBlank() ? null : file;
    }

    private static String[] parseFlag(String arg) {
        int eq = arg.indexOf('=');
        if (!arg.startsWith("--") || eq < 3) {
            throw new InvalidConfigurationException(new ConfigSource.Inline("command line"), arg,
                    "flags take the form --key.path=value, e.g. --rest.port=8081");
        }
        return new String[] {arg.substring(2, eq), arg.substring(eq + 1)};
    }

    private static Map<String, Object> readYaml(ConfigSource source) {
        try (InputStream in = source instanceof ConfigSource.UserFile user
                ? ConfigSource.openFile(user.file()) : source.open(SHIPPED)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (document == null) {
                return new LinkedHashMap<>();
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new InvalidConfigurationException(source, "(document)", "must be a YAML mapping of keys");
            }
            return ConfigTree.fromYaml(map, source);
        } catch (IOException e) {
            throw new InvalidConfigurationException(source.describe() + ": cannot read the file: " + e, e);
        } catch (YAMLException e) {
            throw new InvalidConfigurationException(source.describe() + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
