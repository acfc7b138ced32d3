package io.snapgrid.jobs.common;

import java.util.regex.Pattern;

/** Node xnames, e.g. {@code x1000c4s4b1n1}: cabinet, chassis, slot, BMC, node. */
public final class Xnames {

    private static final Pattern NODE = Pattern.compile("x\\d{1,5}c\\d{1,3}s\\d{1,3}b\\d{1,3}n\\d{1,3}");

    private Xnames() {
    }

    public static boolean isNode(String xname) {
        return xname != null && NODE.matcher(xname).matches();
    }

    /** The rack (cabinet) of a node xname: {@code x1000} of {@code x1000c4s4b1n1}. */
    public static String rack(String nodeXname) {
        if (!isNode(nodeXname)) {
            throw new IllegalArgumentException(nodeXname + " is not a node xname");
        }
        return nodeXname.substring(0, nodeXname.indexOf('c'));
    }
}
