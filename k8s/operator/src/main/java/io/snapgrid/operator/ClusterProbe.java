package io.snapgrid.operator;

import io.snapgrid.operator.api.MapSnapshots;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** What one member says about itself and its cluster, over its REST port. */
public interface ClusterProbe {

    /** @throws IOException if the member does not answer (not started, stopped, unreachable) */
    MemberReport probe(MemberRest rest, URI member) throws IOException;

    /**
     * GET /v1/snapshots of one member: every map with published snapshots. Members share the snapshot store, so
     * one member's answer is the cluster's.
     *
     * @throws IOException if the member does not answer
     */
    List<MapSnapshots> snapshots(MemberRest rest, URI member) throws IOException;

    /**
     * GET /health/readiness, /v1/cluster and /v1/control of one member.
     *
     * @param memberIds     the members it sees, oldest first
     * @param leaderId      the control service's leader as this member reads it, or null if it cannot read it
     * @param leaderAddress its address, or null
     * @param epoch         its epoch, or null
     */
    record MemberReport(boolean ready, String clusterName, String memberId, String address, List<String> memberIds,
                        boolean safe, String leaderId, String leaderAddress, Long epoch) {
    }
}
