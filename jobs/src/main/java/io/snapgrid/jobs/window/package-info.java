/**
 * Event-time windows that close on the wall clock, never drop an event silently, and report nodes that went quiet.
 *
 * <h2>Watermark</h2>
 * Each job reads its map's event journal with Jet's own per-partition watermark ({@code eventTime - allowedLag})
 * and merges in {@link io.snapgrid.jobs.window.Ticks}: one source per member that stamps the wall clock every
 * tick interval, giving the watermark {@code now - allowedLag}. Jet coalesces merged watermarks by taking the
 * lowest of the inputs that are not idle, so:
 * <ul>
 *   <li>while events flow, the slower of event time and wall clock rules: events behind the clock (a restarted
 *   job replaying the journal, with each partition's watermark restored from the snapshot) are never cut off by
 *   the clock, and events ahead of it (a source with a fast clock) cannot push the watermark into the future;</li>
 *   <li>when nothing arrives, the journal partitions go idle after {@code idleTimeout} and the clock alone moves
 *   the watermark: windows keep closing.</li>
 * </ul>
 * The journal reader and the tick stage run one processor per member, so that the stage merging them has a single
 * queue from each: on an edge with several queues, Hazelcast 5.7 can lose a reader's idleness and stop the
 * watermark (see {@link io.snapgrid.jobs.window.Ticks#SINGLE_QUEUE}).
 *
 * <h2>Windows, empty windows and known keys</h2>
 * {@link io.snapgrid.jobs.window.KeyedWindowsP} replaces Jet's window stage. It keeps, per key, the frames (one
 * slide each) that open windows still need, and closes every window whose end the watermark has passed. With
 * empty windows on (node-health), a key it has seen goes on getting a zero result in every closing window in
 * which it had no event, until it has been silent for {@code forgetNodesAfter}; so a node that stops sending
 * falls to 0 heartbeats in the sink, which is what reconciliation looks for. When the watermark jumps by several
 * slides at once, a key gets all its non-empty windows and only the newest empty one (results are keyed and the
 * newest wins anyway). The known keys, their frames and how far each key's windows are closed are the
 * processor's snapshot state, keyed by the key, so they survive a restart and follow their key when the job
 * rescales.
 *
 * <h2>Late events</h2>
 * Jet's window stage drops an event whose windows have closed, counting it only in an internal metric. Here the
 * check is made in the window stage itself, against the very watermark that closed the windows: an event is late
 * when its time is before the end of the newest window already closed for its key, i.e. when at least one window
 * holding it has been emitted (the same rule as Jet's). A late event is emitted as a dead letter and counted; an
 * event that is not late is always counted in its windows. After a restart the verdict is taken again: an event
 * that was within a few milliseconds of the watermark when first seen may be judged differently on replay. Events
 * well within the allowed lag, which is what the lag is for, are counted exactly once.
 */
package io.snapgrid.jobs.window;
