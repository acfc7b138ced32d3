package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kustomize base (k8s/base), packaged into the operator's jar by its build: the operator renders each cluster's
 * objects from the same files {@code kubectl apply -k} would, so probes, ports, security context and environment
 * cannot differ between the two ways of deploying.
 */
final class BaseManifests {

    static final String BASE_NAME = "snapgrid";
    /** The node's user file in the base's ConfigMap, and the key it has there. */
    static final String CONFIG_FILE = "snapgrid.yaml";
    private static final List<String> OBJECT_FILES = List.of("serviceaccount.yaml", "services.yaml",
            "statefulset.yaml", "poddisruptionbudget.yaml", "networkpolicy.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private BaseManifests() {
    }

    /** Every object of the base, as JSON trees (fresh copies: callers change them). */
    static List<ObjectNode> objects() {
        List<ObjectNode> objects = new ArrayList<>();
        for (String file : OBJECT_FILES) {
            try (InputStream in = open(file)) {
                for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(in).readAll()) {
                    if (document instanceof ObjectNode object && !object.isEmpty()) {
                        objects.add(object);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }

    /** The base's snapgrid.yaml, parsed. */
    static ObjectNode config() {
        try (InputStream in = open(CONFIG_FILE)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = BaseManifests.class.getResourceAsStream("base/" + file);
        if (in == null) {
            throw new IllegalStateException("k8s/base/" + file + " is not in the operator's jar");
        }
        return in;
    }
}
