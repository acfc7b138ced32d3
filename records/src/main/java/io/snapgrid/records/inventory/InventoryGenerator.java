package io.snapgrid.records.inventory;

import io.snapgrid.records.RecordType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A deterministic reference inventory of an HPE Cray EX style machine, following the shipped Node and Component
 * schemas. Cabinets from x1000 are filled in order; each four-node blade has one platform, each two-node card
 * one BMC (reachable for about 40% of cards), and about 20% of blades carry four GPUs per node. Records stream to
 * the consumers as they are made, so a 250k-node machine needs no more memory than one node.
 */
public final class InventoryGenerator {

    private static final String NODE_SCHEMA = "snapgrid/schemas/node.avsc";
    private static final String COMPONENT_SCHEMA = "snapgrid/schemas/component.avsc";
    private static final int NIC_MAC_KIND = 0;
    private static final int BMC_MAC_KIND = 1;
    /** BMCs in 10.0.0.0/12 and NICs from 10.16.0.0, as on separate management and high-speed networks. */
    private static final int BMC_SECOND_OCTET = 0;
    private static final int NIC_SECOND_OCTET = 16;
    private static final List<NicPort> NIC_PORTS = List.of(
            new NicPort("mgmt0", "Intel I210 Gigabit Network Connection", "3.25"),
            new NicPort("hsn0", "HPE Slingshot SA210S 200Gb", "1.5.41"),
            new NicPort("hsn1", "HPE Slingshot SA210S 200Gb", "1.5.41"),
            new NicPort("hsn2", "HPE Slingshot SA210S 200Gb", "1.5.41"));

    private final long seed;
    private final Schema nodeSchema;
    private final Schema bmcSchema;
    private final Schema nicsSchema;
    private final Schema nicSchema;
    private final Schema ipsSchema;
    private final Schema componentSchema;
    private final List<List<Platform>> platformsByArch;
    private final NodeRole compute;
    private final Weighted<NodeRole> roles;
    private final GenericData.EnumSymbol ready;
    private final Weighted<GenericData.EnumSymbol> states;
    private final Weighted<GenericData.EnumSymbol> flags;
    private final Weighted<String> nodeFirmware = new Weighted<>(List.of("nc.1.9.14", "nc.1.10.2"), 70, 30);
    private final Weighted<Integer> nicCounts = new Weighted<>(List.of(1, 2, 3, 4), 10, 50, 25, 15);
    private final GenericData.EnumSymbol processor;
    private final GenericData.EnumSymbol memory;
    private final GenericData.EnumSymbol nodeNic;
    private final GenericData.EnumSymbol nodeAccel;

    /**
     * @param node      a type with the shipped Node schema's fields
     * @param component a type with the shipped Component schema's fields
     */
    public InventoryGenerator(RecordType node, RecordType component, long seed) {
        this.seed = seed;
        nodeSchema = node.avroSchema();
        bmcSchema = fieldType(nodeSchema, "bmc");
        nicsSchema = fieldType(nodeSchema, "nics");
        nicSchema = nicsSchema.getElementType();
        ipsSchema = fieldType(nicSchema, "ips");
        componentSchema = component.avroSchema();
        GenericData.EnumSymbol x86 = symbol(nodeSchema, "arch", "x86_64");
        GenericData.EnumSymbol arm64 = symbol(nodeSchema, "arch", "arm64");
        platformsByArch = List.of(
                List.of(new Platform(x86, "AMD EPYC 7763 64-Core Processor", "0xa0011d1",
                                "Samsung M393A4K40DB3-CWE 32GB DDR4-3200", "NVIDIA A100-SXM4-40GB", "a100",
                                "92.00.45.00.06", "cos-2.5.97-x86_64"),
                        new Platform(x86, "AMD EPYC 9654 96-Core Processor", "0xa101148",
                                "SK hynix HMCG88AGBRA191N 64GB DDR5-4800", "AMD Instinct MI250X", "mi250x",
                                "113-D65201-042", "cos-3.1.12-x86_64")),
                List.of(new Platform(arm64, "Ampere Altra Max M128-30", "7.2.0",
                                "Micron MTA36ASF8G72PZ 64GB DDR4-3200", "NVIDIA A100-PCIE-80GB", "a100",
                                "92.00.9E.00.03", "cos-2.5.97-aarch64"),
                        new Platform(arm64, "NVIDIA Grace CPU", "1.2.0",
                                "Micron MT62F2G32D4DS 120GB LPDDR5X", "NVIDIA H100 (GH200)", "gh200",
                                "96.00.74.00.1C", "cos-3.1.12-aarch64")));
        compute = new NodeRole(symbol(nodeSchema, "role", "Compute"), List.of());
        roles = new Weighted<>(List.of(compute,
                new NodeRole(symbol(nodeSchema, "role", "Service"), List.of("UAN", "Gateway", "LNETRouter")),
                new NodeRole(symbol(nodeSchema, "role", "Management"), List.of("Master", "Worker", "Storage")),
                new NodeRole(symbol(nodeSchema, "role", "Storage"), List.of("OSS", "MDS"))), 90, 5, 3, 2);
        ready = symbol(nodeSchema, "state", "Ready");
        states = new Weighted<>(List.of(ready, symbol(nodeSchema, "state", "On"), symbol(nodeSchema, "state", "Off"),
                symbol(nodeSchema, "state", "Standby"), symbol(nodeSchema, "state", "Halt"),
                symbol(nodeSchema, "state", "Populated")), 85, 5, 4, 2, 2, 2);
        flags = new Weighted<>(List.of(symbol(nodeSchema, "flag", "OK"), symbol(nodeSchema, "flag", "Warning")), 97, 3);
        processor = symbol(componentSchema, "type", "Processor");
        memory = symbol(componentSchema, "type", "Memory");
        nodeNic = symbol(componentSchema, "type", "NodeNIC");
        nodeAccel = symbol(componentSchema, "type", "NodeAccel");
    }

    /** A generator over the schemas shipped in snapgrid-config, which must be on the classpath. */
    public static InventoryGenerator shipped(long seed) {
        return new InventoryGenerator(resource(NODE_SCHEMA), resource(COMPONENT_SCHEMA), seed);
    }

    /**
     * Streams {@code nodeCount} nodes keyed by xname, each followed by its components keyed by serial. The same
     * seed and count always give the same records, and a smaller count gives a prefix of a larger one.
     */
    public void generate(int nodeCount, BiConsumer<String, GenericData.Record> nodes,
                         BiConsumer<String, GenericData.Record> components) {
        if (nodeCount < 0 || nodeCount > Identifiers.MAX_NODES) {
            throw new IllegalArgumentException("nodeCount must be 0 to " + Identifiers.MAX_NODES + ": " + nodeCount);
        }
        Run run = new Run(nodes, components);
        for (int index = 0; index < nodeCount; index++) {
            run.node(index);
        }
    }

    /** The state of one generate call, so that the generator itself stays immutable and reusable. */
    private final class Run {

        private final SplittableRandom random = new SplittableRandom(seed);
        private final BiConsumer<String, GenericData.Record> nodes;
        private final BiConsumer<String, GenericData.Record> components;
        /** From 1, so that no serial or MAC is all zeros. */
        private int serials = 1;
        private int nicMacs = 1;
        private int nicIps;
        private int job = 100_000;
        private String jobName;
        private int jobNodesLeft;
        private Platform platform;
        private boolean gpuBlade;
        private boolean bmcReachable;

        Run(BiConsumer<String, GenericData.Record> nodes, BiConsumer<String, GenericData.Record> components) {
            this.nodes = nodes;
            this.components = components;
        }

        void node(int index) {
            Xname xname = Identifiers.nodeXname(index);
            if (index % 4 == 0) {
                List<Platform> generations = platformsByArch.get(random.nextInt(2));
                platform = generations.get(xname.cabinet() % generations.size());
                gpuBlade = random.nextInt(100) < 20;
            }
            if (index % 2 == 0) {
                bmcReachable = random.nextInt(100) < 40;
            }
            NodeRole role = roles.pick(random);
            GenericData.EnumSymbol state = states.pick(random);
            int nicCount = nicCounts.pick(random);
            GenericData.Record node = new GenericData.Record(nodeSchema);
            node.put("hostname", Identifiers.hostname(index + 1));
            node.put("arch", platform.arch());
            node.put("role", role.symbol());
            List<String> subroles = role.subroles();
            node.put("subrole", subroles.isEmpty() ? null : subroles.get(random.nextInt(subroles.size())));
            node.put("state", state);
            node.put("flag", flags.pick(random));
            node.put("nid", index + 1);
            node.put("labels", labels(xname));
            node.put("bmc", bmcReachable ? bmc(xname.bmcXname(), index / 2) : null);
            node.put("nics", nics(nicCount));
            node.put("bootImage", platform.bootImage());
            node.put("kernelParameters", platform.kernelParameters());
            node.put("firmwareVersion", nodeFirmware.pick(random));
            node.put("allocation", role == compute && state == ready && random.nextInt(100) < 78 ? allocation() : null);
            node.put("lastHeartbeat", null);
            String key = xname.toString();
            nodes.accept(key, node);
            components(key, nicCount);
        }

        private Map<String, String> labels(Xname xname) {
            Map<String, String> labels = new TreeMap<>();
            if (random.nextBoolean()) {
                labels.put("rack", xname.rack());
            }
            if (random.nextBoolean()) {
                labels.put("partition", gpuBlade ? "gpu" : random.nextInt(10) == 0 ? "debug" : "batch");
            }
            if (gpuBlade) {
                labels.put("gpu", platform.gpuLabel());
            }
            return labels;
        }

        /** Both nodes of a card share its BMC, so its MAC and IP derive from the card, not the node. */
        private GenericData.Record bmc(String bmcXname, int card) {
            GenericData.Record bmc = new GenericData.Record(bmcSchema);
            bmc.put("xname", bmcXname);
            bmc.put("mac", Identifiers.mac(BMC_MAC_KIND, card + 1));
            bmc.put("ip", Identifiers.ipv4(BMC_SECOND_OCTET, card));
            return bmc;
        }

        private GenericData.Array<GenericData.Record> nics(int count) {
            GenericData.Array<GenericData.Record> nics = new GenericData.Array<>(count, nicsSchema);
            for (int i = 0; i < count; i++) {
                GenericData.Record nic = new GenericData.Record(nicSchema);
                nic.put("name", NIC_PORTS.get(i).name());
                nic.put("mac", Identifiers.mac(NIC_MAC_KIND, nicMacs++));
                int ipCount = random.nextInt(10) < 7 ? 1 : 2;
                GenericData.Array<String> ips = new GenericData.Array<>(ipCount, ipsSchema);
                for (int ip = 0; ip < ipCount; ip++) {
                    ips.add(Identifiers.ipv4(NIC_SECOND_OCTET, nicIps++));
                }
                nic.put("ips", ips);
                nics.add(nic);
            }
            return nics;
        }

        /** Jobs take runs of neighbouring nodes, as a topology-aware scheduler would place them. */
        private String allocation() {
            if (jobNodesLeft == 0) {
                job += 1 + random.nextInt(40);
                jobName = "job-" + job;
                jobNodesLeft = 1 + random.nextInt(64);
            }
            jobNodesLeft--;
            return jobName;
        }

        private void components(String xname, int nicCount) {
            for (int i = 0; i < 2; i++) {
                component(xname, "CPU-", processor, platform.cpu(), platform.cpuFirmware());
            }
            int dimms = 4 + 2 * random.nextInt(3);
            for (int i = 0; i < dimms; i++) {
                component(xname, "DIMM-", memory, platform.dimm(), null);
            }
            for (int i = 0; i < nicCount; i++) {
                component(xname, "NIC-", nodeNic, NIC_PORTS.get(i).model(), NIC_PORTS.get(i).firmware());
            }
            if (gpuBlade) {
                for (int i = 0; i < 4; i++) {
                    component(xname, "GPU-", nodeAccel, platform.accel(), platform.accelFirmware());
                }
            }
        }

        private void component(String xname, String serialPrefix, GenericData.EnumSymbol type, String model,
                               String firmware) {
            GenericData.Record component = new GenericData.Record(componentSchema);
            component.put("type", type);
            component.put("model", model);
            component.put("firmware", firmware);
            component.put("nodeXname", xname);
            components.accept(Identifiers.serial(serialPrefix, serials++), component);
        }
    }

    /** One hardware generation of one architecture; a cabinet holds one generation per architecture. */
    private record Platform(GenericData.EnumSymbol arch, String cpu, String cpuFirmware, String dimm, String accel,
                            String gpuLabel, String accelFirmware, String bootImage, String kernelParameters) {

        Platform(GenericData.EnumSymbol arch, String cpu, String cpuFirmware, String dimm, String accel,
                 String gpuLabel, String accelFirmware, String image) {
            this(arch, cpu, cpuFirmware, dimm, accel, gpuLabel, accelFirmware, "s3://boot-images/" + image + "/rootfs",
                    "console=ttyS0,115200 ip=dhcp quiet rd.shell=0 root=live:s3://boot-images/" + image + "/rootfs");
        }
    }

    private record NodeRole(GenericData.EnumSymbol symbol, List<String> subroles) {
    }

    private record NicPort(String name, String model, String firmware) {
    }

    /** The field's type with a nullable union unwrapped; fails early when the schema lacks a field we fill. */
    private static Schema fieldType(Schema record, String field) {
        Schema.Field found = record.getField(field);
        if (found == null) {
            throw new IllegalArgumentException(
                    record.getFullName() + " has no field " + field + ", which the generator fills");
        }
        Schema type = found.schema();
        if (!type.isUnion()) {
            return type;
        }
        return type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static GenericData.EnumSymbol symbol(Schema record, String field, String symbol) {
        Schema type = fieldType(record, field);
        if (type.getType() != Schema.Type.ENUM || !type.hasEnumSymbol(symbol)) {
            throw new IllegalArgumentException(record.getFullName() + "." + field + " has no enum symbol " + symbol);
        }
        return new GenericData.EnumSymbol(type, symbol);
    }

    private static RecordType resource(String name) {
        try (InputStream in = InventoryGenerator.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath; it ships in snapgrid-config");
            }
            return RecordType.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
