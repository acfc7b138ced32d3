package io.snapgrid.operator.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A full snapshot of some maps of one cluster (POST /v1/snapshots). Its reconciler is not built yet. */
@Group(SnapgridCluster.GROUP)
@Version(SnapgridCluster.VERSION)
@ShortNames("sgs")
public class SnapgridSnapshot extends CustomResource<SnapgridSnapshot.Spec, SnapgridSnapshot.Status>
        implements Namespaced {

    // Records have no no-argument constructor for CustomResource to make empty ones with.
    @Override
    protected Spec initSpec() {
        return null;
    }

    @Override
    protected Status initStatus() {
        return null;
    }

    public record Spec(String clusterName, java.util.List<String> maps) {
    }

    public record Status(String state, String progress, String snapshotId, String message) {
    }
}
