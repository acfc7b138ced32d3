package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapgridClusterSpec {

    @SpecReplicas
    @Min(1)
    @Default("3")
    @JsonPropertyDescription("Members. Expected size = replicas; minimum size for readiness = a majority.")
    private int replicas = 3;

    @JsonPropertyDescription("The node image (k8s/Dockerfile).")
    private String image;

    @JsonPropertyDescription("The member container's requests and limits; the heap is 70% of the memory limit.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("storage-classes of snapgrid.yaml, by class name; keys in camelCase (asyncBackups for"
            + " async-backups). They replace the shipped classes of the same name.")
    private Map<String, StorageClass> storageClasses = new LinkedHashMap<>();

    @JsonPropertyDescription("Where snapshots and commit logs live, shared by every member.")
    private SnapshotStore snapshotStore;

    @JsonPropertyDescription("The data directory of each member; without it, an emptyDir (lost with the pod).")
    private DataVolume dataVolume;

    @JsonPropertyDescription("Tokens and HTTPS on the members' REST port; without it, neither (docs/operator.md).")
    private Security security;

    @JsonPropertyDescription("The jobs section of snapgrid.yaml, as written there (kebab-case keys).")
    @PreserveUnknownFields
    private Map<String, Object> jobs;

    @JsonPropertyDescription("Any other snapgrid.yaml key, as written there (kebab-case keys, nested); checked by the"
            + " node's own settings loader before anything is changed.")
    @PreserveUnknownFields
    private Map<String, Object> config;

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, StorageClass> getStorageClasses() {
        return storageClasses;
    }

    public void setStorageClasses(Map<String, StorageClass> storageClasses) {
        this.storageClasses = storageClasses;
    }

    public SnapshotStore getSnapshotStore() {
        return snapshotStore;
    }

    public void setSnapshotStore(SnapshotStore snapshotStore) {
        this.snapshotStore = snapshotStore;
    }

    public DataVolume getDataVolume() {
        return dataVolume;
    }

    public void setDataVolume(DataVolume dataVolume) {
        this.dataVolume = dataVolume;
    }

    public Security getSecurity() {
        return security;
    }

    public void setSecurity(Security security) {
        this.security = security;
    }

    public Map<String, Object> getJobs() {
        return jobs;
    }

    public void setJobs(Map<String, Object> jobs) {
        this.jobs = jobs;
    }

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }
}
