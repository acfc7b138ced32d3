package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.snapgrid.operator.api.DataVolume;
import io.snapgrid.operator.api.SecretKeyRef;
import io.snapgrid.operator.api.Security;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import io.snapgrid.operator.api.SnapshotStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a cluster owns, rendered from the Kustomize base: names prefixed with the cluster's, every
 * {@code app.kubernetes.io/name: snapgrid} label set (labels and selectors alike) narrowed to the cluster by
 * {@code app.kubernetes.io/instance}, the replica count and what depends on it, and an owner reference.
 */
final class OwnedObjects {

    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    /**
     * On the pod template, so on every pod: the hash of what a pod runs (the rendered snapgrid.yaml and the pod
     * template but for the replica-derived environment). A pod whose revision differs is restarted by the operator.
     */
    static final String REVISION = "snapgrid.io/revision";
    static final String EXPECTED_MEMBERS = "EXPECTED_MEMBERS";
    static final String MIN_CLUSTER_SIZE = "SNAPGRID_MIN_CLUSTER_SIZE";
    static final String DATA_DIR = "SNAPGRID_DATA_DIR";
    static final String COMMIT_LOG_ROOT = "SNAPGRID_COMMIT_LOG_ROOT";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private OwnedObjects() {
    }

    /** A base object's name as the cluster's: snapgrid-members becomes NAME-members. */
    static String name(SnapgridCluster cluster, String baseName) {
        if (!baseName.startsWith(BaseManifests.BASE_NAME)) {
            throw new IllegalStateException("base object " + baseName + " is not named snapgrid...");
        }
        return cluster.getMetadata().getName() + baseName.substring(BaseManifests.BASE_NAME.length());
    }

    static List<HasMetadata> render(SnapgridCluster cluster, String configYaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (ObjectNode tree : BaseManifests.objects()) {
            narrowToInstance(tree, cluster.getMetadata().getName());
            HasMetadata object = SERIALIZATION.convertValue(tree, HasMetadata.class);
            object.getMetadata().setName(name(cluster, object.getMetadata().getName()));
            if (object instanceof StatefulSet set) {
                shape(set, cluster, configYaml);
            } else if (object instanceof RoleBinding binding) {
                binding.getRoleRef().setName(name(cluster, binding.getRoleRef().getName()));
                binding.getSubjects().forEach(subject -> subject.setName(name(cluster, subject.getName())));
            }
            objects.add(object);
        }
        objects.add(new ConfigMapBuilder().withNewMetadata().withName(name(cluster, "snapgrid-config"))
                .addToLabels(NAME_LABEL, BaseManifests.BASE_NAME).endMetadata()
                .addToData(BaseManifests.CONFIG_FILE, configYaml).build());
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind()).withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
        for (HasMetadata object : objects) {
            object.getMetadata().setNamespace(cluster.getMetadata().getNamespace());
            object.getMetadata().setOwnerReferences(List.of(owner));
            Map<String, String> labels = new LinkedHashMap<>();
            if (object.getMetadata().getLabels() != null) {
                labels.putAll(object.getMetadata().getLabels());
            }
            labels.put("app.kubernetes.io/part-of", BaseManifests.BASE_NAME);
            labels.put("app.kubernetes.io/managed-by", "snapgrid-operator");
            labels.put(INSTANCE_LABEL, cluster.getMetadata().getName());
            object.getMetadata().setLabels(labels);
        }
        return objects;
    }

    static StatefulSet statefulSet(List<HasMetadata> objects) {
        return objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("the base has no StatefulSet"));
    }

    /** Every label map or selector that names the app is narrowed to this cluster's instance. */
    private static void narrowToInstance(JsonNode node, String instance) {
        if (node instanceof ObjectNode object && BaseManifests.BASE_NAME.equals(object.path(NAME_LABEL).asText(null))) {
            object.put(INSTANCE_LABEL, instance);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            narrowToInstance(children.next(), instance);
        }
    }

    private static void shape(StatefulSet set, SnapgridCluster cluster, String configYaml) {
        SnapgridClusterSpec spec = cluster.getSpec();
        int replicas = spec.getReplicas();
        set.getSpec().setReplicas(replicas);
        set.getSpec().setServiceName(name(cluster, set.getSpec().getServiceName()));
        // The operator deletes pods itself, one at a time, when the cluster is safe; the StatefulSet controller
        // would roll on its own schedule.
        set.getSpec().getUpdateStrategy().setType("OnDelete");
        set.getSpec().getUpdateStrategy().setRollingUpdate(null);
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        pod.setServiceAccountName(name(cluster, pod.getServiceAccountName()));
        Container container = pod.getContainers().get(0);
        if (spec.getImage() != null) {
            container.setImage(spec.getImage());
        }
        if (spec.getResources() != null) {
            container.setResources(spec.getResources());
        }
        setEnv(container, EXPECTED_MEMBERS, String.valueOf(replicas));
        setEnv(container, MIN_CLUSTER_SIZE, String.valueOf(replicas / 2 + 1));
        if (spec.getSnapshotStore() != null && spec.getSnapshotStore().s3() != null) {
            useS3(container, spec.getSnapshotStore().s3());
        }
        if (spec.getSecurity() != null) {
            secure(pod, container, spec.getSecurity());
        }
        List<Volume> volumes = new ArrayList<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getConfigMap() != null) {
                volume.getConfigMap().setName(name(cluster, volume.getConfigMap().getName()));
            }
            volumes.add(switch (volume.getName()) {
                case "snapshots" -> snapshots(spec.getSnapshotStore(), volume);
                case "data" -> spec.getDataVolume() == null ? volume : null;
                default -> volume;
            });
        }
        pod.setVolumes(volumes.stream().filter(v -> v != null).toList());
        if (spec.getDataVolume() != null) {
            set.getSpec().setVolumeClaimTemplates(List.of(dataClaim(spec.getDataVolume())));
        }
        set.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(REVISION, revision(pod, configYaml)));
    }

    /**
     * Leaves out EXPECTED_MEMBERS and the minimum size: a scale would otherwise restart every member, and the
     * members started before it keep working with their old values (docs/operator.md, Scaling).
     */
    private static String revision(PodSpec pod, String configYaml) {
        ObjectNode tree = SERIALIZATION.convertValue(pod, ObjectNode.class);
        for (JsonNode variable : tree.path("containers").path(0).path("env")) {
            String name = variable.path("name").asText();
            if (name.equals(EXPECTED_MEMBERS) || name.equals(MIN_CLUSTER_SIZE)) {
                ((ObjectNode) variable).remove("value");
            }
        }
        return sha256(configYaml + "\n" + tree);
    }

    /** The revision a pod runs, or a pod template is for; null if it has none. */
    static String revision(ObjectMeta metadata) {
        return metadata.getAnnotations() == null ? null : metadata.getAnnotations().get(REVISION);
    }

    private static Volume snapshots(SnapshotStore store, Volume base) {
        if (store == null || store.volume() == null) {
            return base;
        }
        return new VolumeBuilder().withName(base.getName()).withNewPersistentVolumeClaim()
                .withClaimName(store.volume().claimName()).endPersistentVolumeClaim().build();
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolumeClaim dataClaim(DataVolume data) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(data.storageClassName())
                .withNewResources().addToRequests("storage", new Quantity(data.size())).endResources()
                .endSpec().build();
    }

    /**
     * The commit log on the member's own data claim, which survives its restarts (SpecCheck requires dataVolume
     * with S3): the next process on it rolls a dead process's log into S3 before joining. Credentials, if a Secret
     * is named, as the AWS SDK's environment variables.
     */
    private static void useS3(Container container, SnapshotStore.S3 s3) {
        String dataDir = container.getEnv().stream().filter(v -> v.getName().equals(DATA_DIR)).findFirst()
                .map(EnvVar::getValue)
                .orElseThrow(() -> new IllegalStateException("the base's container sets no " + DATA_DIR));
        container.getEnv().add(new EnvVar(COMMIT_LOG_ROOT, dataDir + "/commit-logs", null));
        if (s3.credentialsSecret() != null) {
            container.getEnv().add(secretEnv("AWS_ACCESS_KEY_ID", s3.credentialsSecret(), "access-key-id"));
            container.getEnv().add(secretEnv("AWS_SECRET_ACCESS_KEY", s3.credentialsSecret(), "secret-access-key"));
        }
    }

    /**
     * The Secrets as read-only files under {@link ClusterSecrets#MOUNT_ROOT}, readable by the pod's group only, and
     * the variables that name them; with TLS, the probes call HTTPS (the kubelet does not check the certificate).
     */
    private static void secure(PodSpec pod, Container container, Security security) {
        if (security.jwt() != null && security.jwt().hmacSecret() != null) {
            SecretKeyRef secret = security.jwt().hmacSecret();
            mountSecret(pod, container, "jwt", new SecretVolumeSourceBuilder().withSecretName(secret.name())
                    .addNewItem().withKey(secret.key()).withPath(ClusterSecrets.HMAC_SECRET_FILE).endItem(),
                    ClusterSecrets.JWT_DIR);
            container.getEnv().add(new EnvVar("SNAPGRID_JWT_HMAC_SECRET_FILE",
                    ClusterSecrets.JWT_DIR + "/" + ClusterSecrets.HMAC_SECRET_FILE, null));
        }
        if (security.tls() != null) {
            mountSecret(pod, container, "rest-tls", new SecretVolumeSourceBuilder()
                    .withSecretName(security.tls().secretName()), ClusterSecrets.TLS_DIR);
            container.getEnv().add(new EnvVar("SNAPGRID_REST_TLS_CERTIFICATE",
                    ClusterSecrets.TLS_DIR + "/" + ClusterSecrets.TLS_CERTIFICATE, null));
            container.getEnv().add(new EnvVar("SNAPGRID_REST_TLS_PRIVATE_KEY",
                    ClusterSecrets.TLS_DIR + "/" + ClusterSecrets.TLS_KEY, null));
            for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                    container.getLivenessProbe())) {
                probe.getHttpGet().setScheme("HTTPS");
            }
        }
    }

    private static void mountSecret(PodSpec pod, Container container, String volume,
                                    SecretVolumeSourceBuilder secret, String path) {
        pod.getVolumes().add(new VolumeBuilder().withName(volume).withSecret(secret.withDefaultMode(0440).build())
                .build());
        container.getVolumeMounts().add(new VolumeMountBuilder().withName(volume).withMountPath(path)
                .withReadOnly(true).build());
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private static void setEnv(Container container, String name, String value) {
        EnvVar variable = container.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the base's container sets no " + name));
        variable.setValue(value);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
