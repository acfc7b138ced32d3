package io.snapgrid.jobs;

/**
 * Why a job could not use an event. A dead letter's {@code reason} is {@code <REASON>: <detail>}, e.g.
 * {@code INVALID: xname: "rack-7" is not a node xname}.
 */
public enum DeadLetterReason {

    /** The key or value could not be deserialized on the member (e.g. a Java class the member lacks). */
    UNREADABLE,
    /** The value is not a Compact record at all (a String, a number, a JSON value...). */
    NOT_A_RECORD,
    /** A Compact record of another type, or one whose fields miss, have the wrong kind or an unusable value. */
    INVALID,
    /** Its time fell into windows that had already closed: it arrived later than the allowed lag. */
    LATE;

    /** The reason text stored in the dead letter. */
    public String describe(String detail) {
        return name() + ": " + detail;
    }
}
