package io.snapgrid.node.config;

import io.snapgrid.jobs.JobSettings;
import io.snapgrid.node.storage.StorageClasses;

import java.nio.file.Path;
import java.util.Optional;

/** The node's whole typed configuration, checked as a whole; every default is in snapgrid.yaml. */
public record SnapgridSettings(
        ClusterSettings cluster,
        RestSettings rest,
        // The certificate and key that rest.tls names, read and checked; empty: plain HTTP.
        Optional<TlsIdentity> restTls,
        SecuritySettings security,
        Path dataDir,
        SnapshotSettings snapshots,
        StorageClasses storageClasses,
        ControlSettings control,
        DemoSettings demo,
        TelemetrySettings telemetry,
        JobSettings jobs) {
}
