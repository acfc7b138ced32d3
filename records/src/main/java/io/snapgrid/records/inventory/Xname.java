package io.snapgrid.records.inventory;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's xname, {@code x<cabinet>c<chassis>s<slot>b<bmc>n<node>} such as {@code x1000c4s4b1n1}: the key of
 * inventory.nodes and the node a telemetry event is about. HPE hms-xname's node pattern
 * ({@code ^x([0-9]{1,4})c([0-7])s([0-9]+)b([0-9]+)n([0-9]+)$}) with slot, BMC and node bounded to three, two and
 * two digits; only its canonical form, lower case without leading zeros, is accepted, so that one node has one
 * name and therefore one key.
 */
public record Xname(int cabinet, int chassis, int slot, int bmc, int node) {

    public static final int MAX_CABINET = 9999;
    /** Says what a node xname looks like, for the messages that refuse one. */
    public static final String RULE = "a node xname x<cabinet>c<chassis>s<slot>b<bmc>n<node> such as x1000c4s4b1n1"
            + " (lower case, no leading zeros, cabinet 0-9999, chassis 0-7, slot up to 3 digits, BMC and node up to 2)";

    private static final Pattern CANONICAL = Pattern.compile(
            "x(0|[1-9][0-9]{0,3})c([0-7])s(0|[1-9][0-9]{0,2})b(0|[1-9][0-9]?)n(0|[1-9][0-9]?)");

    public Xname {
        within("cabinet", cabinet, MAX_CABINET);
        within("chassis", chassis, 7);
        within("slot", slot, 999);
        within("bmc", bmc, 99);
        within("node", node, 99);
    }

    /** The node {@code text} names, or empty if it is not a node xname in canonical form. */
    public static Optional<Xname> parse(String text) {
        Matcher parts = text == null ? null : CANONICAL.matcher(text);
        if (parts == null || !parts.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Xname(number(parts, 1), number(parts, 2), number(parts, 3), number(parts, 4),
                number(parts, 5)));
    }

    /** The cabinet's xname, {@code x1000} of {@code x1000c4s4b1n1}: the rack the rack-states job counts by. */
    public String rack() {
        return "x" + cabinet;
    }

    /** The xname of the BMC this node sits behind, {@code x1000c4s4b1} of {@code x1000c4s4b1n1}. */
    public String bmcXname() {
        return rack() + "c" + chassis + "s" + slot + "b" + bmc;
    }

    /** The canonical name. */
    @Override
    public String toString() {
        return bmcXname() + "n" + node;
    }

    private static int number(Matcher parts, int group) {
        return Integer.parseInt(parts.group(group));
    }

    private static void within(String part, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("an xname's " + part + " is 0 to " + max + ", got " + value);
        }
    }
}
