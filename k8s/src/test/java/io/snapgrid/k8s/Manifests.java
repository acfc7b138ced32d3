package io.snapgrid.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Look-ups in rendered manifests. */
final class Manifests {

    private Manifests() {
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> resources, Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> resources, Class<T> kind, String name) {
        return ofKind(resources, kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
    }

    /** Whether a Service-style selector (all pairs must match; empty selects nothing here) selects the labels. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** matchLabels only: the manifests use no matchExpressions, and a selector with some is refused here. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not checked by these tests: " + selector);
        }
        return selects(selector.getMatchLabels(), labels);
    }

    /** The pod templates of every workload, named kind/name. */
    static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> resources) {
        Map<String, PodTemplateSpec> templates = new java.util.LinkedHashMap<>();
        ofKind(resources, StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(),
                s.getSpec().getTemplate()));
        ofKind(resources, Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate()));
        return templates;
    }

    /** The workloads whose pods the selector selects. */
    static List<String> selected(Map<String, String> selector, List<HasMetadata> resources) {
        List<String> names = new ArrayList<>();
        podTemplates(resources).forEach((name, template) -> {
            if (selects(selector, template.getMetadata().getLabels())) {
                names.add(name);
            }
        });
        return names;
    }
}
