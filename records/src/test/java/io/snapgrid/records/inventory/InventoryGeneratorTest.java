package io.snapgrid.records.inventory;

import io.snapgrid.records.RecordType;
import io.snapgrid.records.ShippedTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryGeneratorTest {

    private static final int NODES = 10_000;
    private static final Pattern XNAME = Pattern.compile("x1\\d{3}c[0-7]s[0-7]b[01]n[01]");
    private static final Pattern MAC = Pattern.compile("02(:[0-9a-f]{2}){5}");
    private static final Pattern IP = Pattern.compile("10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private static final List<Keyed> nodes = new ArrayList<>();
    private static final List<Keyed> components = new ArrayList<>();

    private record Keyed(String key, GenericData.Record record) {
    }

    @BeforeAll
    static void generateTenThousandNodes() {
        InventoryGenerator.shipped(42).generate(NODES,
                (xname, node) -> nodes.add(new Keyed(xname, node)),
                (serial, component) -> components.add(new Keyed(serial, component)));
    }

    @Test
    void sameSeedGivesTheSameRecordsAndAnotherSeedDoesNot() {
        assertEquals(generate(42, 2_000), generate(42, 2_000));
        assertEquals(generate(42, 2_000), nodes.subList(0, 2_000));
        assertNotEquals(generate(43, 2_000), generate(42, 2_000));
    }

    @Test
    void nodesFillCabinetsDenselyInXnameOrder() {
        assertEquals(NODES, nodes.size());
        assertEquals("x1000c0s0b0n0", nodes.get(0).key());
        assertEquals("x1000c0s0b0n1", nodes.get(1).key());
        assertEquals("x1000c0s0b1n0", nodes.get(2).key());
        assertEquals("x1000c0s1b0n0", nodes.get(4).key());
        assertEquals("x1000c1s0b0n0", nodes.get(32).key());
        assertEquals("x1001c0s0b0n0", nodes.get(256).key());
        assertEquals("x1039c0s3b1n1", nodes.get(NODES - 1).key());
        Set<String> xnames = new HashSet<>();
        for (int i = 0; i < NODES; i++) {
            Keyed node = nodes.get(i);
            assertTrue(XNAME.matcher(node.key()).matches(), node.key());
            assertTrue(xnames.add(node.key()), node.key());
            assertEquals(String.format("nid%06d", i + 1), node.record().get("hostname"));
            assertEquals(i + 1, node.record().get("nid"));
        }
    }

    @Test
    void keysSerialsMacsAndIpsAreUnique() {
        Set<String> serials = new HashSet<>();
        components.forEach(component -> assertTrue(serials.add(component.key()), component.key()));
        Set<String> nicMacs = new HashSet<>();
        Set<String> ips = new HashSet<>();
        Map<String, String> bmcMacByXname = new HashMap<>();
        for (Keyed node : nodes) {
            for (GenericRecord nic : nics(node)) {
                assertTrue(MAC.matcher(nic.get("mac").toString()).matches(), nic.get("mac").toString());
                assertTrue(nicMacs.add(nic.get("mac").toString()), nic.get("mac").toString());
                for (Object ip : (List<?>) nic.get("ips")) {
                    assertTrue(IP.matcher(ip.toString()).matches(), ip.toString());
                    assertTrue(ips.add(ip.toString()), ip.toString());
                }
            }
            GenericRecord bmc = (GenericRecord) node.record().get("bmc");
            if (bmc != null) {
                String xname = bmc.get("xname").toString();
                assertTrue(node.key().startsWith(xname + "n"), xname);
                String previous = bmcMacByXname.putIfAbsent(xname, bmc.get("mac").toString());
                assertTrue(previous == null || previous.equals(bmc.get("mac").toString()), "one MAC per BMC");
                assertTrue(ips.add(bmc.get("ip").toString()) || previous != null, bmc.get("ip").toString());
            }
        }
        bmcMacByXname.values().forEach(mac -> assertTrue(!nicMacs.contains(mac) && MAC.matcher(mac).matches(), mac));
        assertEquals(bmcMacByXname.size(), new HashSet<>(bmcMacByXname.values()).size());
    }

    @Test
    void proportionsAreRealistic() {
        assertShare(0.40, 0.05, node -> node.record().get("bmc") != null);
        assertShare(0.50, 0.05, node -> node.record().get("arch").toString().equals("arm64"));
        assertShare(0.90, 0.03, node -> node.record().get("role").toString().equals("Compute"));
        assertShare(0.85, 0.03, node -> node.record().get("state").toString().equals("Ready"));
        assertShare(0.60, 0.05, node -> node.record().get("allocation") != null);
        assertShare(0.03, 0.02, node -> node.record().get("flag").toString().equals("Warning"));
        for (Keyed node : nodes) {
            int nics = nics(node).size();
            assertTrue(nics >= 1 && nics <= 4, node.key());
            int labels = ((Map<?, ?>) node.record().get("labels")).size();
            assertTrue(labels <= 3, node.key());
            assertEquals(node.record().get("role").toString().equals("Compute"), node.record().get("subrole") == null);
            assertNull(node.record().get("lastHeartbeat"));
            Object allocation = node.record().get("allocation");
            assertTrue(allocation == null || allocation.toString().matches("job-\\d{6}"), String.valueOf(allocation));
        }
    }

    @Test
    void eachNodeHasItsProcessorsMemoryNicsAndSometimesAccelerators() {
        Map<String, Map<String, Integer>> countsByNode = new HashMap<>();
        for (Keyed component : components) {
            countsByNode.computeIfAbsent(component.record().get("nodeXname").toString(), xname -> new HashMap<>())
                    .merge(component.record().get("type").toString(), 1, Integer::sum);
        }
        int withAccelerators = 0;
        for (Keyed node : nodes) {
            Map<String, Integer> counts = countsByNode.get(node.key());
            assertEquals(2, counts.get("Processor"), node.key());
            int dimms = counts.get("Memory");
            assertTrue(dimms >= 4 && dimms <= 8, node.key());
            assertEquals(nics(node).size(), counts.get("NodeNIC"), node.key());
            int accelerators = counts.getOrDefault("NodeAccel", 0);
            assertTrue(accelerators == 0 || accelerators == 4, node.key());
            withAccelerators += accelerators == 0 ? 0 : 1;
        }
        assertEquals(NODES, countsByNode.size());
        assertEquals(0.20, withAccelerators / (double) NODES, 0.05);
    }

    @Test
    void everyRecordIsValidAgainstItsSchema() {
        assertValid(ShippedTypes.NODE, nodes);
        assertValid(ShippedTypes.COMPONENT, components);
    }

    /**
     * A machine of 250,000 nodes (some 2.75 million records) is streamed: each node reaches its consumer followed by
     * its own components, and what was handed over is not kept by the generator. The first nodes must be garbage by
     * the time the last ones are made; a generator that collected its records before handing them over, or held on
     * to them, keeps them reachable. Nothing here depends on how fast the machine is.
     */
    @Test
    void largeMachineStreamsWithoutKeepingItsRecords() {
        int total = 250_000;
        int watched = 1_000;
        int[] counts = new int[2];
        String[] lastNode = new String[1];
        List<WeakReference<GenericData.Record>> early = new ArrayList<>();
        boolean[] earlyCollected = new boolean[1];

        InventoryGenerator.shipped(7).generate(total, (xname, node) -> {
            counts[0]++;
            lastNode[0] = xname;
            if (counts[0] <= watched) {
                early.add(new WeakReference<>(node));
            } else if (counts[0] == total) {
                earlyCollected[0] = collected(early);
            }
        }, (serial, component) -> {
            counts[1]++;
            assertEquals(lastNode[0], component.get("nodeXname").toString(), "a component follows its own node");
        });

        assertEquals(total, counts[0]);
        assertTrue(counts[1] > 10 * total, "components: " + counts[1]);
        assertTrue(earlyCollected[0], "the first " + watched + " nodes were still reachable when the last was made");
    }

    /** Whether every referent is gone after at most a few collections (one is normally enough). */
    private static boolean collected(List<WeakReference<GenericData.Record>> references) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (references.stream().allMatch(reference -> reference.get() == null)) {
                return true;
            }
            System.gc();
        }
        return references.stream().allMatch(reference -> reference.get() == null);
    }

    private static void assertValid(RecordType type, List<Keyed> records) {
        for (Keyed keyed : records) {
            assertEquals(keyed.record(), type.fromJson(type.toJson(keyed.record())), keyed.key());
        }
    }

    private static void assertShare(double expected, double tolerance, java.util.function.Predicate<Keyed> test) {
        double share = nodes.stream().filter(test).count() / (double) NODES;
        assertEquals(expected, share, tolerance);
    }

    private static List<GenericRecord> nics(Keyed node) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> nics = (List<GenericRecord>) node.record().get("nics");
        return nics;
    }

    private static List<Keyed> generate(long seed, int count) {
        List<Keyed> records = new ArrayList<>();
        InventoryGenerator.shipped(seed).generate(count, (xname, node) -> records.add(new Keyed(xname, node)), (serial, component) -> { });
        return records;
    }
}
