package io.snapgrid.node.durability;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.PackagedNode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One way a client writes entries of a schema-bound map. A method that returns normally was acknowledged; one
 * that throws left the write unknown.
 */
interface EntryWriter {

    String name();

    void put(String key, int version);

    void delete(String key);

    /** Sends nothing more to {@code node}, which is gone; a Java client finds that out by itself. */
    default void avoid(PackagedNode node) {
    }

    /** {@code IMap.put} from the Java client: the old value comes back, so the member reads before it writes. */
    static EntryWriter clientPut(IMap<String, GenericRecord> map, NodeVersions versions) {
        return new EntryWriter() {
            public String name() {
                return "client put";
            }

            public void put(String key, int version) {
                map.put(key, versions.record(key, version));
            }

            public void delete(String key) {
                map.remove(key);
            }
        };
    }

    /** {@code IMap.set} from the Java client: no old value; deletes with {@code IMap.delete}. */
    static EntryWriter clientSet(IMap<String, GenericRecord> map, NodeVersions versions) {
        return new EntryWriter() {
            public String name() {
                return "client set";
            }

            public void put(String key, int version) {
                map.set(key, versions.record(key, version));
            }

            public void delete(String key) {
                map.delete(key);
            }
        };
    }

    /**
     * REST ({@code PUT} and {@code DELETE /v1/maps/{map}/entries/{key}}), each request to the next of the nodes, so
     * the nodes' embedded members do the writing.
     */
    final class Rest implements EntryWriter {
        private final String map;
        private final NodeVersions versions;
        private final List<PackagedNode> nodes;
        private final AtomicInteger next = new AtomicInteger();

        Rest(String map, NodeVersions versions, List<PackagedNode> nodes) {
            this.map = map;
            this.versions = versions;
            this.nodes = new CopyOnWriteArrayList<>(nodes);
        }

        public String name() {
            return "REST";
        }

        @Override
        public void avoid(PackagedNode node) {
            nodes.remove(node);
        }

        public void put(String key, int version) {
            Http.Reply reply = node().put(path(key), versions.json(key, version));
            if (reply.status() != 200 && reply.status() != 201) {
                throw new IllegalStateException("PUT " + key + ": " + reply);
            }
        }

        public void delete(String key) {
            Http.Reply reply = node().delete(path(key));
            if (reply.status() != 204) {
                throw new IllegalStateException("DELETE " + key + ": " + reply);
            }
        }

        private Http node() {
            return nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size())).http();
        }

        private String path(String key) {
            return "/v1/maps/" + map + "/entries/" + key;
        }
    }
}
