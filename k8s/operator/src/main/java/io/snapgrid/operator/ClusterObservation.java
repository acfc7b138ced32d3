package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.snapgrid.operator.ClusterProbe.MemberReport;
import io.snapgrid.operator.api.ClusterMember;
import io.snapgrid.operator.api.SnapgridClusterStatus;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster as its members report it: each pod's member asked over REST. A pod whose member does not answer is
 * listed as not ready; a pod phase alone never makes a member ready.
 */
final class ClusterObservation {

    private final int replicas;
    private final Map<String, Optional<MemberReport>> reports = new LinkedHashMap<>();

    private ClusterObservation(int replicas) {
        this.replicas = replicas;
    }

    static ClusterObservation of(int replicas, List<Pod> pods, ClusterProbe probe, MemberAddresses addresses) {
        ClusterObservation observation = new ClusterObservation(replicas);
        pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(pod ->
                observation.reports.put(pod.getMetadata().getName(), ask(pod, probe, addresses)));
        return observation;
    }

    private static Optional<MemberReport> ask(Pod pod, ClusterProbe probe, MemberAddresses addresses) {
        Optional<URI> rest = addresses.rest(pod);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(probe.probe(rest.get()));
        } catch (IOException notAnswering) {
            return Optional.empty();
        }
    }

    /** Members, conditions Ready, ClusterSafe and Progressing, and the control leader, into {@code status}. */
    void describe(SnapgridClusterStatus status, long generation) {
        List<MemberReport> answered = reports.values().stream().flatMap(Optional::stream).toList();
        Optional<MemberReport> leaderView = answered.stream().filter(r -> r.leaderId() != null)
                .max(Comparator.comparing(MemberReport::epoch));
        String leaderId = leaderView.map(MemberReport::leaderId).orElse(null);
        List<ClusterMember> members = new ArrayList<>();
        reports.forEach((pod, report) -> members.add(report
                .map(r -> new ClusterMember(pod, r.memberId(), r.address(), r.ready(), r.memberId().equals(leaderId)))
                .orElse(new ClusterMember(pod, null, null, false, false))));
        status.setMembers(members);
        status.setReplicas(members.size());
        status.setControlLeader(leaderView.map(MemberReport::leaderAddress).orElse(null));
        status.setControlEpoch(leaderView.map(MemberReport::epoch).orElse(null));

        long ready = members.stream().filter(ClusterMember::ready).count();
        Set<Set<String>> views = new HashSet<>();
        answered.forEach(r -> views.add(Set.copyOf(r.memberIds())));
        boolean oneCluster = views.size() == 1 && views.iterator().next().size() == replicas
                && answered.stream().map(MemberReport::clusterName).distinct().count() == 1;
        boolean allReady = ready == replicas && members.size() == replicas && answered.size() == replicas
                && oneCluster;
        Conditions.set(status, Conditions.READY, allReady, allReady ? "AllMembersReady" : "MembersNotReady",
                ready + " of " + replicas + " members ready" + (oneCluster || answered.isEmpty() ? ""
                        : "; members disagree on who is in the cluster: " + views), generation);
        if (answered.isEmpty()) {
            Conditions.set(status, Conditions.CLUSTER_SAFE, null, "NoMemberAnswers",
                    "no member answered GET /v1/cluster", generation);
        } else {
            boolean safe = answered.stream().allMatch(MemberReport::safe);
            Conditions.set(status, Conditions.CLUSTER_SAFE, safe, safe ? "BackupsInSync" : "MigratingOrUnsafe",
                    safe ? "every partition's backups in sync, as every answering member reports"
                            : "some member reports partitions whose backups are not in sync", generation);
        }
        Conditions.set(status, Conditions.PROGRESSING, !allReady, allReady ? "Stable" : "Applying",
                allReady ? "the cluster has the spec's members" : "members are starting, joining or leaving",
                generation);
    }
}
