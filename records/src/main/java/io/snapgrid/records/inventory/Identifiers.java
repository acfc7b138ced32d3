package io.snapgrid.records.inventory;

/**
 * Formats the identifiers of the generated machine. MACs and serials come from counters run through a bijection
 * of the 32-bit integers, so they look scattered like real ones yet can never collide. Built by hand rather
 * than with String.format, which would dominate the generator's time.
 */
final class Identifiers {

    private static final int NODES_PER_CABINET = 256;
    private static final int FIRST_CABINET = 1000;
    /** The nodes that fit in cabinets x1000 up to the last an xname can name. */
    static final int MAX_NODES = (Xname.MAX_CABINET - FIRST_CABINET + 1) * NODES_PER_CABINET;

    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    /** Odd, so multiplying by it permutes the 32-bit integers. */
    private static final int SCATTER = 0x9E3779B1;

    private Identifiers() {
    }

    /**
     * {@code x1000c7s7b1n1}: eight chassis of eight slots of two cards in each cabinet, and two nodes behind each
     * card's BMC.
     */
    static Xname nodeXname(int nodeIndex) {
        int inCabinet = nodeIndex % NODES_PER_CABINET;
        return new Xname(FIRST_CABINET + nodeIndex / NODES_PER_CABINET, inCabinet / 32, inCabinet / 4 % 8,
                inCabinet / 2 % 2, nodeIndex % 2);
    }

    static String hostname(int nid) {
        String digits = Integer.toString(nid);
        return "nid" + "000000".substring(Math.min(6, digits.length())) + digits;
    }

    /** {@code 02:<kind>:xx:xx:xx:xx}, locally administered; the kind byte keeps BMC and NIC MACs apart. */
    static String mac(int kind, int counter) {
        int scattered = counter * SCATTER;
        char[] out = "02:00:00:00:00:00".toCharArray();
        hexByte(out, 3, kind, LOWER_HEX);
        for (int i = 0; i < 4; i++) {
            hexByte(out, 6 + 3 * i, scattered >>> (24 - 8 * i), LOWER_HEX);
        }
        return new String(out);
    }

    /** {@code DIMM-00A1B2C3}. */
    static String serial(String prefix, int counter) {
        int scattered = counter * SCATTER;
        char[] out = new char[8];
        for (int i = 0; i < 4; i++) {
            hexByte(out, 2 * i, scattered >>> (24 - 8 * i), UPPER_HEX);
        }
        return prefix + new String(out);
    }

    /**
     * The {@code counter}-th host address of a 10.0.0.0/8 range whose second octet starts at {@code firstOctet};
     * host parts run 1 to 254 so that no address is a network or broadcast address.
     */
    static String ipv4(int firstOctet, int counter) {
        int subnet = counter / 254;
        return "10." + (firstOctet + subnet / 256) + "." + subnet % 256 + "." + (counter % 254 + 1);
    }

    private static void hexByte(char[] out, int at, int value, char[] digits) {
        out[at] = digits[value >>> 4 & 0xf];
        out[at + 1] = digits[value & 0xf];
    }
}
