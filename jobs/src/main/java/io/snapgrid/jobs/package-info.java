/**
 * Snapgrid's streaming jobs, as the control service sees them: the {@link io.snapgrid.jobs.JobCatalogue}, its
 * {@link io.snapgrid.jobs.JobSettings}, the maps the jobs read and write ({@link io.snapgrid.jobs.JobMaps}), the
 * metrics they publish ({@link io.snapgrid.jobs.JobCounters}) and why an event becomes a dead letter
 * ({@link io.snapgrid.jobs.DeadLetterReason}).
 * <p>
 * Both jobs read an event journal from {@code START_FROM_CURRENT} and take their first snapshot before processing
 * anything. A job that Jet restarts (a member left or joined) resumes from its last snapshot and replays the
 * journal from there, exactly once. A job submitted anew (the first time, or again after it FAILED or was
 * cancelled) starts at the journal's tail as of its start: events written while no job ran are not processed.
 * The input maps must have an event journal, with capacity for at least a snapshot interval plus a restart of
 * writes, or a restarted job finds its position overwritten and fails.
 * <p>
 * Implementation: {@code health} and {@code racks} hold the two pipelines, {@code window} the windowing they
 * share (its package documentation describes the watermark, empty-window and late-event design), {@code common}
 * what both use.
 */
package io.snapgrid.jobs;
