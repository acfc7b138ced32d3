package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.snapgrid.operator.api.MapSnapshots;
import io.snapgrid.operator.api.PublishedSnapshot;
import io.snapgrid.operator.api.SnapgridClusterStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The newest snapshots in a cluster's status come from the first member that lists them; while none answers, the
 * status keeps what a member last listed rather than claiming the cluster has no snapshots.
 */
class ClusterObservationTest {

    private static final List<MapSnapshots> LISTED = List.of(new MapSnapshots("inventory.nodes",
            new PublishedSnapshot("d-2", "delta", "2026-12-04T14:00:01Z", 3L), "f-1"));
    /** The scripted probe answers without calling anyone. */
    private static final MemberRest UNUSED = new MemberRest(HttpClient.newHttpClient(), Optional::empty);

    @Test
    void snapshotsComeFromTheFirstMemberThatListsThem() {
        SnapgridClusterStatus status = new SnapgridClusterStatus();
        // grid-0 answers /v1/cluster but not /v1/snapshots; grid-1 answers both.
        ClusterObservation.of(List.of(pod("grid-1"), pod("grid-0")), new Members(Optional.of("grid-1")),
                UNUSED, Members::address).describe(status, 2, 1);
        assertEquals(LISTED, status.getSnapshots());
    }

    @Test
    void aClusterWhoseMembersDoNotAnswerKeepsThePreviousList() {
        SnapgridClusterStatus status = new SnapgridClusterStatus();
        status.setSnapshots(LISTED);
        ClusterObservation.of(List.of(pod("grid-0")), new Members(Optional.empty()), UNUSED,
                Members::address).describe(status, 1, 2);
        assertEquals(LISTED, status.getSnapshots());
        assertEquals("False", Conditions.find(status, Conditions.READY).orElseThrow().getStatus());
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    /** Every member answers its report; only {@code listing} answers GET /v1/snapshots. */
    private record Members(Optional<String> listing) implements ClusterProbe {

        static Optional<URI> address(Pod pod) {
            return Optional.of(URI.create("http://" + pod.getMetadata().getName()));
        }

        @Override
        public MemberReport probe(MemberRest rest, URI member) throws IOException {
            if (listing.isEmpty()) {
                throw new IOException("connection refused");
            }
            return new MemberReport(true, "grid", member.getHost(), member.getHost(), List.of(), true, null, null,
                    null);
        }

        @Override
        public List<MapSnapshots> snapshots(MemberRest rest, URI member) throws IOException {
            if (listing.map(member.getHost()::equals).orElse(false)) {
                return LISTED;
            }
            throw new IOException("answered 503");
        }
    }
}
