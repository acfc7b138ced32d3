package io.snapgrid.jobs.common;

import io.snapgrid.jobs.DeadLetterReason;


/** What a journal reader makes of an entry it cannot use; becomes a {@link DeadLetter} once the job stamps it. */
public record Rejected(DeadLetterReason reason, String detail, String event, String eventId) implements JournalItem {

    public DeadLetter toDeadLetter(String job, long at) {
        return new DeadLetter(job, reason, detail, event, eventId, at);
    }
}
