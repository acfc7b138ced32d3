package io.snapgrid.node.testing;

/** Valid records of the shipped schemas, as a REST client would send them. */
public final class Records {

    private Records() {
    }

    /** A heartbeat from now, so the control service's node-health duty leaves the record's flag alone. */
    public static String node(String hostname, String state) {
        return node(hostname, state, System.currentTimeMillis());
    }

    public static String node(String hostname, String state, long lastHeartbeat) {
        return """
                {"hostname": "%s", "arch": "x86_64", "role": "Compute", "subrole": null, "state": "%s", "flag": "OK",
                 "nid": 17, "labels": {"rack": "x1000", "partition": "batch"},
                 "bmc": {"xname": "x1000c0s0b0", "mac": "02:00:00:00:00:01", "ip": "10.1.0.1"},
                 "nics": [{"name": "hsn0", "mac": "02:00:00:00:01:01", "ips": ["10.2.0.1"]},
                          {"name": "mgmt0", "mac": "02:00:00:00:01:02", "ips": []}],
                 "bootImage": "cos-2.5", "kernelParameters": "console=ttyS0", "firmwareVersion": "1.4.2",
                 "allocation": null, "lastHeartbeat": %d}
                """.formatted(hostname, state, lastHeartbeat);
    }

    public static String component(String type, String nodeXname) {
        return """
                {"type": "%s", "model": "DDR5-4800 64GB", "firmware": null, "nodeXname": "%s"}
                """.formatted(type, nodeXname);
    }
}
