package io.snapgrid.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The stock Java client and REST see the same typed records, in both directions, on a 3-member cluster. */
@Tag("cluster")
class ClientInteropTest {

    static TestCluster cluster;
    static HazelcastInstance client;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(3);
        // Each node creates the maps its storage classes name while it restores. Before that, a node that has not
        // heard of a map yet answers 404 for its entries, as CI once saw for a read just after a client's write.
        cluster.awaitReady();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void recordWrittenByTheJavaClientReadsBackIdenticallyOverRest() throws Exception {
        GenericRecord bmc = GenericRecordBuilder.compact("snapgrid.inventory.Bmc")
                .setString("xname", "x1000c0s0b0").setString("mac", "02:00:00:00:00:01").setString("ip", "10.1.0.1").build();
        GenericRecord nic = GenericRecordBuilder.compact("snapgrid.inventory.Nic")
                .setString("name", "hsn0").setString("mac", "02:00:00:00:01:01").setArrayOfString("ips", new String[] {"10.2.0.1"})
                .build();
        GenericRecord label = GenericRecordBuilder.compact("snapgrid.inventory.Node.labels.entry")
                .setString("key", "rack").setString("value", "x1000").build();
        GenericRecord node = GenericRecordBuilder.compact("snapgrid.inventory.Node")
                .setString("hostname", "nid000100")
                .setString("arch", "arm64")
                .setString("role", "Compute")
                .setString("subrole", null)
                .setString("state", "Ready")
                .setString("flag", "OK")
                .setNullableInt32("nid", 100)
                .setArrayOfGenericRecord("labels", new GenericRecord[] {label})
                .setGenericRecord("bmc", bmc)
                .setArrayOfGenericRecord("nics", new GenericRecord[] {nic})
                .setString("bootImage", "cos-2.5")
                .setString("kernelParameters", null)
                .setString("firmwareVersion", "1.0")
                .setString("allocation", "job-42")
                .setNullableInt64("lastHeartbeat", null)
                .build();
        IMap<String, GenericRecord> nodes = client.getMap("inventory.nodes");
        nodes.put("x1000c0s0b0n0", node);

        for (int member = 0; member < cluster.size(); member++) {
            Http.Reply reply = new Http(cluster.restUrl(member)).get("/v1/maps/inventory.nodes/entries/x1000c0s0b0n0");
            assertEquals(200, reply.status(), reply::toString);
            JsonNode json = reply.json();
            assertEquals("nid000100", json.path("hostname").asText());
            assertEquals("arm64", json.path("arch").asText());
            assertEquals(100, json.path("nid").asInt());
            assertEquals("x1000", json.path("labels").path("rack").asText());
            assertEquals("10.1.0.1", json.path("bmc").path("ip").asText());
            assertEquals("10.2.0.1", json.path("nics").get(0).path("ips").get(0).asText());
            assertEquals("job-42", json.path("allocation").asText());
            assertEquals(true, json.path("lastHeartbeat").isNull());
        }
    }

    @Test
    void recordWrittenOverRestReadsBackIdenticallyAsGenericRecord() throws Exception {
        Http http = new Http(cluster.restUrl(1));
        long heartbeat = System.currentTimeMillis();
        String sent = Records.node("nid000200", "Standby", heartbeat);
        assertEquals(201, http.put("/v1/maps/inventory.nodes/entries/x1000c0s1b0n0", sent).status());

        IMap<String, GenericRecord> nodes = client.getMap("inventory.nodes");
        GenericRecord read = nodes.get("x1000c0s1b0n0");
        assertEquals("snapgrid.inventory.Node", GenericRecordTypeName.of(read));
        assertEquals("nid000200", read.getString("hostname"));
        assertEquals("Standby", read.getString("state"));
        assertEquals(17, read.getNullableInt32("nid"));
        assertNull(read.getString("subrole"));
        assertEquals("10.1.0.1", read.getGenericRecord("bmc").getString("ip"));
        GenericRecord[] nics = read.getArrayOfGenericRecord("nics");
        assertEquals(2, nics.length);
        assertEquals("mgmt0", nics[1].getString("name"));
        assertArrayEquals(new String[0], nics[1].getArrayOfString("ips"));
        GenericRecord[] labels = read.getArrayOfGenericRecord("labels");
        assertEquals("partition", labels[0].getString("key"), "map entries are sorted by key");
        assertEquals("x1000", labels[1].getString("value"));
        assertEquals(heartbeat, read.getNullableInt64("lastHeartbeat"));

        // The client writes the record back unchanged; REST must serve exactly what it first accepted.
        nodes.put("x1000c0s1b0n1", read);
        assertEquals(Http.JSON.readTree(sent), http.get("/v1/maps/inventory.nodes/entries/x1000c0s1b0n1").json());
    }

    @Test
    void aClientsOwnCompactClassWithTheSameTypeNameInteroperatesWithRest() throws Exception {
        HazelcastInstance classClient = cluster.client(config -> config.getSerializationConfig()
                .getCompactSerializationConfig().addSerializer(new ComponentClass.Serializer()));
        IMap<String, ComponentClass> components = classClient.getMap("inventory.components");
        components.put("DIMM-CLASS-1", new ComponentClass("Memory", "DDR5-4800 64GB", null, "x1000c0s0b0n0"));

        Http http = new Http(cluster.restUrl(2));
        Http.Reply reply = http.get("/v1/maps/inventory.components/entries/DIMM-CLASS-1");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(Http.JSON.readTree(Records.component("Memory", "x1000c0s0b0n0")), reply.json());

        http.put("/v1/maps/inventory.components/entries/CPU-CLASS-1", Records.component("Processor", "x1000c0s0b0n1"));
        assertEquals(new ComponentClass("Processor", "DDR5-4800 64GB", null, "x1000c0s0b0n1"), components.get("CPU-CLASS-1"));
    }
}
