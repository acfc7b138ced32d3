package io.snapgrid.node.durability;

import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotFormatException;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotVerifier;
import io.snapgrid.snapshot.VerificationProblem;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the admin API reads from the snapshot store, on whichever member is asked: the published snapshots of each
 * map, and a check of every one of them. Both only read, so they need neither the leader nor a majority.
 */
@Singleton
public final class SnapshotAdmin {

    private final SnapshotCatalog catalog;
    private final SnapshotVerifier verifier;

    public SnapshotAdmin(SnapshotStorage storage) {
        this.catalog = new SnapshotCatalog(storage);
        this.verifier = new SnapshotVerifier(storage);
    }

    /** One map's published snapshots, newest first. */
    public record MapSnapshots(String map, List<Listed> snapshots) {
    }

    /**
     * One published snapshot: its summary, or, when its manifest cannot be read, only its id and why.
     *
     * @param summary null exactly when {@code error} is set
     */
    public record Listed(long id, SnapshotSummary summary, String error) {
    }

    /**
     * One map's check: how many snapshots and data files were checked, and every problem found.
     *
     * @param snapshots published snapshots (manifests), readable or not
     * @param files     data files the readable manifests name
     */
    public record MapVerification(String map, int snapshots, int files, List<VerificationProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Whether the map has any published snapshot. */
    public boolean hasSnapshots(String map) throws IOException {
        return catalog.headId(map).isPresent();
    }

    /**
     * The maps with published snapshots, in name order, each with its snapshots newest first; maps with no
     * manifest (nothing, or only data files of writers that died) are left out.
     *
     * @param only one map, or null for every map in the store
     */
    public List<MapSnapshots> list(String only) throws IOException {
        List<MapSnapshots> listed = new ArrayList<>();
        for (String map : maps(only)) {
            List<Listed> snapshots = new ArrayList<>();
            for (Published published : read(map).values()) {
                snapshots.add(published.manifest() == null
                        ? new Listed(published.id(), null, published.error().getMessage())
                        : new Listed(published.id(), SnapshotSummary.of(published.manifest()), null));
            }
            if (!snapshots.isEmpty()) {
                Collections.reverse(snapshots);
                listed.add(new MapSnapshots(map, snapshots));
            }
        }
        return listed;
    }

    /**
     * Checks every published snapshot of the maps: each data file's presence, size, SHA-256 and footer row count
     * against its manifest, each manifest's readability, and the chain a restore reads
     * ({@link SnapshotVerifier#checkRestoreChain}). Older snapshots outside that chain have their files checked too:
     * they are history that retention keeps readable. Reads every data file once.
     *
     * @param only one map, or null for every map in the store; maps without published snapshots are left out
     */
    public List<MapVerification> verify(String only) throws IOException {
        List<MapVerification> verified = new ArrayList<>();
        for (String map : maps(only)) {
            Map<Long, Published> published = read(map);
            if (published.isEmpty()) {
                continue;
            }
            List<VerificationProblem> problems = new ArrayList<>();
            List<SnapshotManifest> manifests = new ArrayList<>();
            Set<String> unreadable = new HashSet<>();
            int files = 0;
            for (Published snapshot : published.values()) {
                if (snapshot.manifest() == null) {
                    problems.add(new VerificationProblem(snapshot.error().path(),
                            VerificationProblem.Kind.UNREADABLE_MANIFEST, snapshot.error().getMessage()));
                    unreadable.add(snapshot.error().path());
                    continue;
                }
                manifests.add(snapshot.manifest());
                files += snapshot.manifest().files().size();
                List<VerificationProblem> found = verifier.verifyFiles(snapshot.manifest()).problems();
                if (!found.isEmpty() && catalog.ids(map).contains(snapshot.id())) {
                    // Only if still published: retention may have removed it, files first, while it was checked.
                    problems.addAll(found);
                }
            }
            if (!manifests.isEmpty()) {
                SnapshotVerifier.checkRestoreChain(map, manifests).problems().stream()
                        // An unreadable manifest is not reported missing as well.
                        .filter(problem -> !unreadable.contains(problem.path()))
                        .forEach(problems::add);
            }
            verified.add(new MapVerification(map, published.size(), files, List.copyOf(problems)));
        }
        return verified;
    }

    private List<String> maps(String only) throws IOException {
        List<String> maps = catalog.maps();
        return only == null ? maps : maps.stream().filter(only::equals).toList();
    }

    /** The map's manifests in id order, read or failed to read; those removed since listing are left out. */
    private Map<Long, Published> read(String map) throws IOException {
        Map<Long, Published> published = new TreeMap<>();
        for (long id : catalog.ids(map)) {
            try {
                published.put(id, new Published(id, catalog.manifest(map, id), null));
            } catch (SnapshotFileNotFoundException e) {
                // Removed by retention since it was listed: no longer published.
            } catch (SnapshotFormatException e) {
                published.put(id, new Published(id, null, e));
            }
        }
        return published;
    }

    private record Published(long id, SnapshotManifest manifest, SnapshotFormatException error) {
    }
}
