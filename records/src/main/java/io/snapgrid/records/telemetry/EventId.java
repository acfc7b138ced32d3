package io.snapgrid.records.telemetry;

import java.util.regex.Pattern;

/**
 * The id a source gives a telemetry event, which keys it in telemetry.events. It is limited to the alphabet of REST
 * keys, so that the event can be read back at /v1/maps/telemetry.events/entries/{id}.
 */
public final class EventId {

    public static final int MAX_LENGTH = 128;
    /** Says what an id must be, for the messages that refuse one. */
    public static final String RULE = "must be 1-" + MAX_LENGTH
            + " letters, digits, '.', '_', ':', '@' or '-', and not '.' or '..'";

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

    private EventId() {
    }

    /** '.' and '..' are refused because a URL path cannot carry them as a key. */
    public static boolean isValid(String id) {
        return id != null && ALPHABET.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }
}
