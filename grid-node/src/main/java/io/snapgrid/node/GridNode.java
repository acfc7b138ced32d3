package io.snapgrid.node;

import io.micronaut.context.ApplicationContext;
import io.snapgrid.node.config.SnapgridSettings;

import java.util.Map;

/** The one way a node starts, for the start command and for tests alike. */
public final class GridNode {

    private GridNode() {
    }

    /**
     * Starts the member and the REST server; closing the returned context stops both gracefully. Extra beans
     * (such as an application's own job catalogue) take precedence over Snapgrid's defaults.
     */
    public static ApplicationContext start(SnapgridSettings settings, Object... beans) {
        Object[] singletons = new Object[beans.length + 1];
        singletons[0] = settings;
        System.arraycopy(beans, 0, singletons, 1, beans.length);
        return new NodeMicronaut()
                .mainClass(GridNodeMain.class)
                .banner(false)
                .deduceEnvironment(false)
                .singletons(singletons)
                .properties(micronautProperties(settings))
                .start();
    }

    /** Micronaut's own settings that follow from Snapgrid's, so snapgrid.yaml stays the one place to set them. */
    public static Map<String, Object> micronautProperties(SnapgridSettings settings) {
        return Map.of(
                "micronaut.application.name", "snapgrid",
                "micronaut.server.port", settings.rest().port(),
                "micronaut.server.max-request-size", settings.rest().maxBodyBytes());
    }
}
