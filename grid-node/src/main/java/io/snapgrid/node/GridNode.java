package io.snapgrid.node;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.snapgrid.node.config.SettingsLoader;

import java.util.List;

/** The one way a node starts, for the start command and for tests alike. */
public final class GridNode {

    private GridNode() {
    }

    /**
     * Starts the member and the REST server from {@code --key.path=value} flags over the environment's SNAPGRID_*
     * variables, a user file and the shipped snapgrid.yaml; closing the returned context stops both gracefully.
     * Extra beans (such as an application's own job catalogue) take precedence over Snapgrid's defaults.
     *
     * @throws io.snapgrid.node.config.InvalidConfigurationException before the member starts, if the
     *                                                               configuration is wrong
     */
    public static ApplicationContext start(List<String> args, Object... beans) {
        NodeMicronaut micronaut = new NodeMicronaut();
        List<PropertySource> layers = SettingsLoader.configure(micronaut, args, System.getenv());
        micronaut.mainClass(GridNodeMain.class).banner(false).deduceEnvironment(false).singletons(beans);
        try {
            return micronaut.start();
        } catch (RuntimeException e) {
            throw SettingsLoader.explain(e, layers);
        }
    }
}
