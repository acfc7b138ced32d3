package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import java.util.List;

/**
 * A full snapshot of some maps of one cluster, asked of its members once (POST /v1/snapshots per map) and
 * followed until every map's operation has ended.
 */
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

    public record Spec(@JsonPropertyDescription("A SnapgridCluster of this namespace.") String clusterName,
                       List<String> maps) {
    }

    /**
     * @param state      Pending, Running, Succeeded or Failed: the least advanced of the maps' operations (Failed if
     *                   any failed)
     * @param progress   e.g. "1 of 2 maps done"
     * @param snapshotId the new full snapshot's id, when one map was asked for
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String state, String progress, String snapshotId, String message, List<MapSnapshot> maps) {
    }

    /** One map's operation (GET /v1/operations/{operation}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MapSnapshot(String map, String operation, String state, Long rowsWritten, String snapshotId,
                              String error) {

        public MapSnapshot withSnapshotId(String id) {
            return new MapSnapshot(map, operation, state, rowsWritten, id, error);
        }
    }
}
