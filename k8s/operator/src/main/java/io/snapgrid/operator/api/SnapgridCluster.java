package io.snapgrid.operator.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Snapgrid cluster: the operator renders and owns its StatefulSet, Services, ConfigMap and policies. */
@Group(SnapgridCluster.GROUP)
@Version(SnapgridCluster.VERSION)
@ShortNames("sgc")
public class SnapgridCluster extends CustomResource<SnapgridClusterSpec, SnapgridClusterStatus> implements Namespaced {

    public static final String GROUP = "snapgrid.io";
    public static final String VERSION = "v1alpha1";
}
