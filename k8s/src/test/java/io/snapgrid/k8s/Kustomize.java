package io.snapgrid.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders a kustomization with {@code kubectl kustomize} (offline: no API server) and reads every document into
 * fabric8's typed model, failing on any field the model does not know.
 */
final class Kustomize {

    /** The k8s module's directory (surefire sets it; a run from the module directory needs nothing). */
    static final Path K8S = Path.of(System.getProperty("snapgrid.k8s.dir", ".")).toAbsolutePath().normalize();
    /** Kinds no fabric8 model covers (CRDs): read as unstructured objects and checked field by field. */
    static final Set<String> UNSTRUCTURED_KINDS = Set.of("ServiceMonitor");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(STRICT, true);

    private Kustomize() {
    }

    /** The documents of the kustomization in {@code dir} (relative to the k8s module), typed. */
    static List<HasMetadata> render(String dir) {
        String yaml = kubectl("kustomize", K8S.resolve(dir).toString());
        List<HasMetadata> resources = new ArrayList<>();
        try {
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String where = dir + ": " + document.path("kind").asText() + "/"
                        + document.path("metadata").path("name").asText();
                HasMetadata resource;
                try {
                    resource = SERIALIZATION.unmarshal(STRICT.writeValueAsString(document), HasMetadata.class);
                } catch (RuntimeException e) {
                    throw new AssertionError(where + ": not a valid object of its kind: " + e.getMessage(), e);
                }
                boolean unstructured = resource instanceof GenericKubernetesResource;
                if (unstructured != UNSTRUCTURED_KINDS.contains(document.path("kind").asText())) {
                    fail(where + ": " + (unstructured ? "no typed model knows this apiVersion/kind"
                            : "expected to be a CRD read unstructured"));
                }
                if (!unstructured) {
                    List<String> unknown = new ArrayList<>();
                    unknownFields(resource, "", unknown);
                    if (!unknown.isEmpty()) {
                        fail(where + ": fields unknown to the " + resource.getClass().getSimpleName()
                                + " model (misspelt or misplaced): " + unknown);
                    }
                }
                resources.add(resource);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    /**
     * fabric8's model keeps a field it does not know in additionalProperties instead of failing (its classes have a
     * JSON "any setter"), so FAIL_ON_UNKNOWN_PROPERTIES alone never fires: look for them.
     */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (field != value) {
                unknownFields(field, path + "." + decapitalize(getter.getName()), unknown);
            }
        }
    }

    private static String decapitalize(String getter) {
        String name = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** Runs kubectl, which must be installed: the checks are not skipped without it (.ci/run installs it). */
    static String kubectl(String... args) {
        return run("kubectl", "the manifests are rendered with `kubectl kustomize`. Install it, e.g. apt-get install"
                + " kubectl (.ci/run does).", args);
    }

    /**
     * Runs a tool found on PATH and returns its standard output; fails naming {@code why} when it is not installed,
     * and with its error output when it fails.
     */
    static String run(String tool, String why, String... args) {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                found = candidate;
                break;
            }
        }
        if (found == null) {
            fail(tool + " is not installed (not on PATH): " + why);
        }
        List<String> command = new ArrayList<>(List.of(found.toString()));
        command.addAll(List.of(args));
        try {
            Path errors = Files.createTempFile(tool, ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(command + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    fail(command + " failed (" + process.exitValue() + "): " + Files.readString(errors)
                            + new String(out, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
