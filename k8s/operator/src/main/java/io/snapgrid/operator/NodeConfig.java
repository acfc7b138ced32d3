package io.snapgrid.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The snapgrid.yaml of a cluster's ConfigMap: the base's file, the spec's {@code config}, {@code jobs} and
 * {@code storageClasses} over it, the S3 store and the token settings if the spec names them, and the names only the
 * operator knows (the cluster's, its headless Service's).
 */
final class NodeConfig {

    private static final Pattern UPPER = Pattern.compile("(?=[A-Z])");

    private NodeConfig() {
    }

    static String render(SnapgridCluster cluster) {
        SnapgridClusterSpec spec = cluster.getSpec();
        ObjectNode config = BaseManifests.config();
        if (spec.getConfig() != null) {
            merge(config, BaseManifests.YAML.valueToTree(spec.getConfig()));
        }
        if (spec.getJobs() != null) {
            merge(config.withObjectProperty("jobs"), BaseManifests.YAML.valueToTree(spec.getJobs()));
        }
        if (spec.getSnapshotStore() != null && spec.getSnapshotStore().s3() != null) {
            ObjectNode snapshots = config.withObjectProperty("snapshots");
            snapshots.put("store", "s3");
            ObjectNode s3 = kebabKeys(BaseManifests.YAML.valueToTree(spec.getSnapshotStore().s3()));
            // The Secret's name is the operator's business: the node reads credentials only from the AWS SDK's chain.
            s3.remove("credentials-secret");
            merge(snapshots.withObjectProperty("s3"), s3);
        }
        if (spec.getSecurity() != null && spec.getSecurity().jwt() != null) {
            ObjectNode security = config.withObjectProperty("security");
            // The base's exception for REST without tokens has no use once tokens are checked.
            security.remove("allow-unauthenticated");
            security.put("enabled", true);
            ObjectNode jwt = kebabKeys(BaseManifests.YAML.valueToTree(spec.getSecurity().jwt()));
            // Secrets reach the members as mounted files (OwnedObjects), the operator's token never does.
            jwt.remove(List.of("hmac-secret", "operator-token"));
            merge(security.withObjectProperty("jwt"), jwt);
        }
        ObjectNode classes = config.withObjectProperty("storage-classes");
        spec.getStorageClasses().forEach((name, storageClass) ->
                classes.set(name, kebabKeys(BaseManifests.YAML.valueToTree(storageClass))));
        if (classes.isEmpty()) {
            config.remove("storage-classes");
        }
        ObjectNode clusterSection = config.withObjectProperty("cluster");
        clusterSection.put("name", cluster.getMetadata().getName());
        clusterSection.withObjectProperty("kubernetes").put("service-name", OwnedObjects.name(cluster, "snapgrid-members"));
        try {
            return BaseManifests.YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code over} into {@code into}: objects merge key by key, anything else replaces. */
    private static void merge(ObjectNode into, JsonNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = over.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isObject() && into.get(field.getKey()) instanceof ObjectNode existing) {
                merge(existing, field.getValue());
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    /** The CRD's camelCase keys as snapgrid.yaml spells them (asyncBackups: async-backups). */
    private static ObjectNode kebabKeys(ObjectNode camel) {
        ObjectNode kebab = BaseManifests.YAML.createObjectNode();
        camel.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                kebab.set(UPPER.matcher(field.getKey()).replaceAll("-").toLowerCase(), field.getValue());
            }
        });
        return kebab;
    }
}
