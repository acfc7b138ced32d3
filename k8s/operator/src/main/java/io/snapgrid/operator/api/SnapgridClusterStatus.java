package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

import java.util.ArrayList;
import java.util.List;

/** What the members report (GET /v1/cluster, /v1/control, /v1/snapshots), not what pod phases suggest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapgridClusterStatus {

    private Long observedGeneration;
    @StatusReplicas
    private Integer replicas;
    @LabelSelector
    private String selector;
    private List<Condition> conditions = new ArrayList<>();
    private List<ClusterMember> members = new ArrayList<>();
    private String controlLeader;
    private Long controlEpoch;
    @JsonPropertyDescription("Per map with published snapshots: its newest snapshot and newest full snapshot, as"
            + " a member listed them when one last answered.")
    private List<MapSnapshots> snapshots = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public List<ClusterMember> getMembers() {
        return members;
    }

    public void setMembers(List<ClusterMember> members) {
        this.members = members;
    }

    public String getControlLeader() {
        return controlLeader;
    }

    public void setControlLeader(String controlLeader) {
        this.controlLeader = controlLeader;
    }

    public Long getControlEpoch() {
        return controlEpoch;
    }

    public void setControlEpoch(Long controlEpoch) {
        this.controlEpoch = controlEpoch;
    }

    public List<MapSnapshots> getSnapshots() {
        return snapshots;
    }

    public void setSnapshots(List<MapSnapshots> snapshots) {
        this.snapshots = snapshots;
    }
}
