package io.snapgrid.snapshot;

/** A published file: its storage path and size in bytes. */
public record StoredFile(String path, long size) {
}
