package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.snapgrid.operator.ClusterProbe.MemberReport;
import io.snapgrid.operator.api.ClusterMember;
import io.snapgrid.operator.api.MapSnapshots;
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
 * The cluster as its members report it: each pod's member asked over REST, and the first that answered for the
 * published snapshots. A pod whose member does not answer is listed as not ready; a pod phase alone never makes a
 * member ready.
 */
final class ClusterObservation {

    private final Map<String, Optional<MemberReport>> reports = new LinkedHashMap<>();
    /** Empty if no member answered the listing. */
    private Optional<List<MapSnapshots>> snapshots = Optional.empty();

    private ClusterObservation() {
    }

    static ClusterObservation of(List<Pod> pods, ClusterProbe probe, MemberRest rest, MemberAddresses addresses) {
        ClusterObservation observation = new ClusterObservation();
        List<URI> answering = new ArrayList<>();
        pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(pod -> {
            Optional<URI> address = address(pod, addresses);
            Optional<MemberReport> report = address.flatMap(member -> ask(() -> probe.probe(rest, member)));
            report.ifPresent(answered -> answering.add(address.get()));
            observation.reports.put(pod.getMetadata().getName(), report);
        });
        for (URI member : answering) {
            observation.snapshots = ask(() -> probe.snapshots(rest, member));
            if (observation.snapshots.isPresent()) {
                break;
            }
        }
        return observation;
    }

    private static Optional<URI> address(Pod pod, MemberAddresses addresses) {
        // A terminating pod's member is leaving, whatever it still answers.
        return pod.getMetadata().getDeletionTimestamp() != null ? Optional.empty() : addresses.rest(pod);
    }

    private interface Call<T> {
        T answer() throws IOException;
    }

    private static <T> Optional<T> ask(Call<T> call) {
        try {
            return Optional.of(call.answer());
        } catch (IOException notAnswering) {
            return Optional.empty();
        }
    }

    private List<MemberReport> answered() {
        return reports.values().stream().flatMap(Optional::stream).toList();
    }

    /** Whether there are {@code replicas} pods, all ready members of one cluster that size. */
    private boolean allReady(int replicas) {
        List<MemberReport> answered = answered();
        Set<Set<String>> views = new HashSet<>();
        answered.forEach(r -> views.add(Set.copyOf(r.memberIds())));
        return reports.size() == replicas && answered.size() == replicas && answered.stream().allMatch(MemberReport::ready)
                && views.size() == 1 && views.iterator().next().size() == replicas
                && answered.stream().map(MemberReport::clusterName).distinct().count() == 1;
    }

    private boolean safe() {
        List<MemberReport> answered = answered();
        return !answered.isEmpty() && answered.stream().allMatch(MemberReport::safe);
    }

    /**
     * Whether one member may leave now: every one of {@code replicas} is a ready member of one cluster and every
     * partition's backups are in sync, so the leaving member's partitions have their copies elsewhere.
     */
    boolean settled(int replicas) {
        return allReady(replicas) && safe();
    }

    /**
     * Members, conditions Ready, ClusterSafe and Progressing, the control leader, and the newest snapshots into
     * {@code status}; the snapshots stay as they were if no member listed them.
     */
    void describe(SnapgridClusterStatus status, int replicas, long generation) {
        List<MemberReport> answered = answered();
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
        snapshots.ifPresent(status::setSnapshots);

        long ready = members.stream().filter(ClusterMember::ready).count();
        boolean allReady = allReady(replicas);
        Conditions.set(status, Conditions.READY, allReady, allReady ? "AllMembersReady" : "MembersNotReady",
                ready + " of " + replicas + " members ready, " + members.size() + " pods", generation);
        if (answered.isEmpty()) {
            Conditions.set(status, Conditions.CLUSTER_SAFE, null, "NoMemberAnswers",
                    "no member answered GET /v1/cluster", generation);
        } else {
            boolean safe = safe();
            Conditions.set(status, Conditions.CLUSTER_SAFE, safe, safe ? "BackupsInSync" : "MigratingOrUnsafe",
                    safe ? "every partition's backups in sync, as every answering member reports"
                            : "some member reports partitions whose backups are not in sync", generation);
        }
        Conditions.set(status, Conditions.PROGRESSING, !allReady, allReady ? "Stable" : "Applying",
                allReady ? "the cluster has the spec's members" : "members are starting, joining or leaving",
                generation);
    }
}
