package io.snapgrid.jobs.common;

import java.io.Serializable;

/**
 * What a journal reader makes of one journal event: a usable item or a {@link Rejected} one. Readers run inside
 * the journal read on the member that owns the partition and must never throw, or the job would fail.
 */
public interface JournalItem extends Serializable {
}
