package io.snapgrid.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.snapgrid.node.config.ClusterSettings;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.config.SnapgridSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests, rendered as {@code kubectl apply -k} would render them, read into fabric8's typed model, and
 * checked against each other and against the node's real settings loader. Nothing here talks to a cluster.
 * The third rendering is the production overlay with both optional components.
 */
class ManifestsTest {

    static final String DEV = "overlays/dev";
    static final String PRODUCTION = "overlays/production";
    static final String WITH_COMPONENTS = "target/kustomize-components";
    private static final String NAMESPACE = "snapgrid-test";
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void writeComponentsKustomization() throws IOException {
        Path dir = Kustomize.K8S.resolve(WITH_COMPONENTS);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                # Written by ManifestsTest: the production overlay with every optional component.
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../overlays/production
                components:
                  - ../../components/management-center
                  - ../../components/service-monitor
                  - ../../components/monitoring
                """);
    }

    static List<HasMetadata> rendered(String dir) {
        return RENDERED.computeIfAbsent(dir, Kustomize::render);
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PRODUCTION, WITH_COMPONENTS})
    void everyDocumentIsATypedObjectWithOnlyKnownFields(String dir) {
        List<HasMetadata> resources = rendered(dir);
        Set<String> kinds = new LinkedHashSet<>();
        resources.forEach(r -> kinds.add(r.getKind()));
        assertTrue(kinds.containsAll(List.of("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget",
                "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding")), dir + ": kinds " + kinds);
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PRODUCTION, WITH_COMPONENTS})
    void selectorsSelectTheMembers(String dir) {
        List<HasMetadata> resources = rendered(dir);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        Map<String, String> pod = set.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(Manifests.selects(set.getSpec().getSelector(), pod), "StatefulSet selector vs its pod labels");
        for (Service service : Manifests.ofKind(resources, Service.class)) {
            List<String> selected = Manifests.selected(service.getSpec().getSelector(), resources);
            assertEquals(1, selected.size(), dir + ": Service " + service.getMetadata().getName()
                    + " must select the pods of exactly one workload, selects " + selected);
        }
        for (String name : List.of("snapgrid", "snapgrid-members")) {
            Service service = Manifests.named(resources, Service.class, name);
            assertTrue(Manifests.selects(service.getSpec().getSelector(), pod), dir + ": Service " + name
                    + " selector " + service.getSpec().getSelector() + " vs member labels " + pod);
        }
        for (PodDisruptionBudget budget : Manifests.ofKind(resources, PodDisruptionBudget.class)) {
            assertTrue(Manifests.selects(budget.getSpec().getSelector(), pod), dir + ": PDB "
                    + budget.getMetadata().getName() + " vs member labels " + pod);
            assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), "PDB maxUnavailable");
        }
        for (NetworkPolicy policy : Manifests.ofKind(resources, NetworkPolicy.class)) {
            assertTrue(Manifests.selects(policy.getSpec().getPodSelector(), pod), dir + ": NetworkPolicy "
                    + policy.getMetadata().getName() + " vs member labels " + pod);
        }
        PodSpec spec = set.getSpec().getTemplate().getSpec();
        assertFalse(spec.getTopologySpreadConstraints().isEmpty(), "topology spread constraints");
        spec.getTopologySpreadConstraints().forEach(c -> assertTrue(Manifests.selects(c.getLabelSelector(), pod),
                "topology spread over " + c.getTopologyKey() + " must count the members"));
        spec.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                .forEach(term -> assertTrue(Manifests.selects(term.getPodAffinityTerm().getLabelSelector(), pod),
                        "pod anti-affinity must name the members"));
        assertEquals("Parallel", set.getSpec().getPodManagementPolicy(), "members must start together");
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PRODUCTION, WITH_COMPONENTS})
    void portsNamedByServicesNetworkPoliciesAndProbesAreContainerPorts(String dir) {
        List<HasMetadata> resources = rendered(dir);
        Map<String, PodTemplateSpec> templates = Manifests.podTemplates(resources);
        for (Service service : Manifests.ofKind(resources, Service.class)) {
            String workload = Manifests.selected(service.getSpec().getSelector(), resources).get(0);
            List<ContainerPort> ports = containerPorts(templates.get(workload));
            for (ServicePort port : service.getSpec().getPorts()) {
                assertTrue(ports.stream().anyMatch(p -> matches(port.getTargetPort(), p)), dir + ": Service "
                        + service.getMetadata().getName() + " port " + port.getName() + " targets "
                        + port.getTargetPort() + ", no container port of " + workload + " " + describe(ports));
            }
        }
        StatefulSet set = NodeLaunch.statefulSet(resources);
        List<ContainerPort> memberPorts = containerPorts(set.getSpec().getTemplate());
        for (NetworkPolicy policy : Manifests.ofKind(resources, NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                for (NetworkPolicyPort port : rule.getPorts()) {
                    assertTrue(memberPorts.stream().anyMatch(p -> matches(port.getPort(), p)), dir
                            + ": NetworkPolicy " + policy.getMetadata().getName() + " names port " + port.getPort()
                            + ", no container port " + describe(memberPorts));
                }
            }
        }
        // The launched node's own ports are the ones the container declares.
        SnapgridSettings settings = load(resources);
        assertEquals(settings.cluster().memberPort(), port(memberPorts, "member"), "member port vs settings");
        assertEquals(settings.rest().port(), port(memberPorts, "rest"), "REST port vs settings");
        Container container = NodeLaunch.container(set);
        probe(container.getReadinessProbe(), "readiness", "/health/readiness", memberPorts, settings);
        probe(container.getLivenessProbe(), "liveness", "/health/liveness", memberPorts, settings);
        Probe startup = probe(container.getStartupProbe(), "startup", "/health/liveness", memberPorts, settings);
        int startupSeconds = startup.getFailureThreshold() * startup.getPeriodSeconds();
        assertTrue(startupSeconds >= 30 * 60, "the startup probe must allow a 30-minute restore, allows "
                + startupSeconds + " s");
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PRODUCTION, WITH_COMPONENTS})
    void theNodeAcceptsTheConfigurationTheManifestsGiveIt(String dir) throws IOException {
        List<HasMetadata> resources = rendered(dir);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        Set<String> documented = documentedVariables();
        for (EnvVar variable : NodeLaunch.container(set).getEnv()) {
            if (variable.getName().startsWith("SNAPGRID_")) {
                assertTrue(documented.contains(variable.getName()), dir + ": " + variable.getName()
                        + " is not in docs/configuration.md's table of variables " + documented);
                assertTrue(variable.getName().equals(NodeLaunch.CONFIG_VARIABLE)
                                || SnapgridSources.ENVIRONMENT_KEYS.containsKey(variable.getName()),
                        dir + ": the node does not read " + variable.getName());
            }
        }
        // Throws InvalidConfigurationException naming any unknown key or bad value of the file, variables or flags.
        SnapgridSettings settings = load(resources);
        ClusterSettings cluster = settings.cluster();
        assertTrue(cluster.kubernetes().enabled(), dir + ": Kubernetes discovery is off");
        assertEquals(NAMESPACE, cluster.kubernetes().namespace(), dir + ": discovery must look in the pod's namespace");
        Service headless = Manifests.named(resources, Service.class, cluster.kubernetes().serviceName());
        assertEquals("None", headless.getSpec().getClusterIP(), "the discovery Service must be headless");
        assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(),
                "not-ready members must be discoverable: a member is ready only once the cluster has min-size");
        assertEquals(headless.getMetadata().getName(), set.getSpec().getServiceName(), "StatefulSet serviceName");
        assertTrue(Manifests.selects(headless.getSpec().getSelector(),
                set.getSpec().getTemplate().getMetadata().getLabels()), "the discovery Service selects the members");

        int replicas = set.getSpec().getReplicas();
        assertEquals(replicas, cluster.expectedSize(), dir + ": cluster.expected-size vs replicas");
        assertEquals(replicas / 2 + 1, cluster.minSize(), dir + ": cluster.min-size must be a majority of "
                + replicas + " replicas (ready with one member rolled or lost, never a minority)");

        long terminationGrace = set.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        String maxWait = cluster.hazelcastProperties().get("hazelcast.graceful.shutdown.max.wait");
        assertNotNull(maxWait, "hazelcast.graceful.shutdown.max.wait is not set: " + cluster.hazelcastProperties());
        assertTrue(Long.parseLong(maxWait) < terminationGrace, "graceful shutdown (" + maxWait
                + " s) must end before the kubelet's SIGKILL (" + terminationGrace + " s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PRODUCTION, WITH_COMPONENTS})
    void podsRunLockedDown(String dir) {
        List<HasMetadata> resources = rendered(dir);
        Manifests.podTemplates(resources).forEach((workload, template) -> {
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            assertNotNull(pod, workload + ": no pod securityContext");
            assertEquals("RuntimeDefault", pod.getSeccompProfile() == null ? null : pod.getSeccompProfile().getType(),
                    workload + ": seccomp profile");
            for (Container container : template.getSpec().getContainers()) {
                SecurityContext context = container.getSecurityContext();
                assertNotNull(context, workload + "/" + container.getName() + ": no securityContext");
                assertTrue(Boolean.TRUE.equals(pod.getRunAsNonRoot()) || Boolean.TRUE.equals(context.getRunAsNonRoot()),
                        workload + "/" + container.getName() + ": runAsNonRoot");
                assertEquals(Boolean.FALSE, context.getAllowPrivilegeEscalation(),
                        workload + "/" + container.getName() + ": allowPrivilegeEscalation");
                assertEquals(List.of("ALL"), context.getCapabilities() == null ? null
                        : context.getCapabilities().getDrop(), workload + "/" + container.getName() + ": drop");
            }
        });
        StatefulSet set = NodeLaunch.statefulSet(resources);
        Container container = NodeLaunch.container(set);
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(),
                dir + ": the node's root filesystem must be read-only");
        // Read-only root: everything the node writes must be on a volume.
        SnapgridSettings settings = load(resources);
        for (Path writable : List.of(settings.dataDir(), settings.snapshots().root(),
                settings.snapshots().commitLog().root(), Path.of("/tmp"))) {
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> !Boolean.TRUE.equals(m.getReadOnly())
                            && writable.normalize().startsWith(Path.of(m.getMountPath()))),
                    dir + ": " + writable + " is on the read-only root filesystem");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PRODUCTION, WITH_COMPONENTS})
    void discoveryMayReadTheEndpoints(String dir) {
        List<HasMetadata> resources = rendered(dir);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        String account = set.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertNotNull(account, "the members need a ServiceAccount for API-mode discovery");
        List<PolicyRule> rules = new ArrayList<>();
        for (RoleBinding binding : Manifests.ofKind(resources, RoleBinding.class)) {
            if (binding.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                    && s.getName().equals(account)) && binding.getRoleRef().getKind().equals("Role")) {
                rules.addAll(Manifests.named(resources, Role.class, binding.getRoleRef().getName()).getRules());
            }
        }
        for (String[] needed : new String[][] {{"", "endpoints", "list"}, {"", "pods", "get"},
                {"discovery.k8s.io", "endpointslices", "list"}}) {
            assertTrue(rules.stream().anyMatch(rule -> rule.getApiGroups().contains(needed[0])
                            && rule.getResources().contains(needed[1]) && rule.getVerbs().contains(needed[2])),
                    dir + ": ServiceAccount " + account + " may not " + needed[2] + " " + needed[1]);
        }
    }

    @Test
    void devKeepsNothing() {
        List<HasMetadata> resources = rendered(DEV);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        assertEquals(1, set.getSpec().getReplicas());
        assertTrue(set.getSpec().getVolumeClaimTemplates() == null || set.getSpec().getVolumeClaimTemplates().isEmpty());
        for (String name : List.of("data", "snapshots")) {
            assertNotNull(volume(set, name).getEmptyDir(), "dev: volume " + name + " is an emptyDir");
        }
        assertTrue(Manifests.ofKind(resources, PersistentVolumeClaim.class).isEmpty(), "dev: no claims");
    }

    @Test
    void productionKeepsDataPerMemberAndSharesTheSnapshotRoot() {
        List<HasMetadata> resources = rendered(PRODUCTION);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        assertEquals(3, set.getSpec().getReplicas());
        Container container = NodeLaunch.container(set);
        SnapgridSettings settings = load(resources);
        String dataVolume = mountOf(container, settings.dataDir());
        PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().stream()
                .filter(c -> c.getMetadata().getName().equals(dataVolume)).findFirst()
                .orElseThrow(() -> new AssertionError("data-dir " + settings.dataDir() + " is on volume " + dataVolume
                        + ", which is no volumeClaimTemplate"));
        assertEquals(List.of("ReadWriteOnce"), template.getSpec().getAccessModes());
        assertTrue(set.getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getName().equals(dataVolume)),
                "a pod volume named " + dataVolume + " would shadow the claim template");

        Volume snapshots = volume(set, mountOf(container, settings.snapshots().root()));
        assertNotNull(snapshots.getPersistentVolumeClaim(), "production: the snapshot root must be on a claim");
        PersistentVolumeClaim shared = Manifests.named(resources, PersistentVolumeClaim.class,
                snapshots.getPersistentVolumeClaim().getClaimName());
        assertEquals(List.of("ReadWriteMany"), shared.getSpec().getAccessModes(),
                "every member writes the snapshot root");
    }

    @Test
    void optionalComponentsFitTheCluster() {
        List<HasMetadata> resources = rendered(WITH_COMPONENTS);
        SnapgridSettings settings = load(resources);
        Service clients = Manifests.named(resources, Service.class, "snapgrid");

        GenericKubernetesResource monitor = Manifests.ofKind(resources, GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst()
                .orElseThrow(() -> new AssertionError("no ServiceMonitor"));
        assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
        Map<String, String> matchLabels = monitor.get("spec", "selector", "matchLabels");
        assertTrue(Manifests.selects(matchLabels, clients.getMetadata().getLabels()),
                "ServiceMonitor selector " + matchLabels + " vs the client Service's labels");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertNotNull(endpoints, "ServiceMonitor spec.endpoints is required");
        assertFalse(endpoints.isEmpty(), "ServiceMonitor spec.endpoints is empty");
        for (Map<String, Object> endpoint : endpoints) {
            Set<String> known = new LinkedHashSet<>(List.of("port", "path", "interval", "scrapeTimeout", "scheme"));
            assertTrue(known.containsAll(endpoint.keySet()), "ServiceMonitor endpoint fields " + endpoint.keySet());
            assertTrue(clients.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getName(), endpoint.get("port"))),
                    "ServiceMonitor port " + endpoint.get("port") + " is not a port name of the client Service");
            assertEquals("/prometheus", endpoint.get("path"), "the node's metrics path");
        }

        Deployment center = Manifests.named(resources, Deployment.class, "snapgrid-management-center");
        Map<String, String> labels = center.getSpec().getTemplate().getMetadata().getLabels();
        NetworkPolicy members = Manifests.named(resources, NetworkPolicy.class, "snapgrid");
        assertTrue(admitsToPort(members, labels, "member"), "Management Center must pass the members' NetworkPolicy");
        Map<String, String> env = new HashMap<>();
        center.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .forEach(v -> env.put(v.getName(), v.getValue()));
        assertEquals(settings.cluster().name(), env.get("MC_DEFAULT_CLUSTER"), "Management Center's cluster name");
        Service target = Manifests.named(resources, Service.class, env.get("MC_DEFAULT_CLUSTER_MEMBERS"));
        assertTrue(target.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == settings.cluster().memberPort()),
                "Management Center connects to a Service without the member port");
        assertTrue(settings.cluster().managementCenter().trustedInterfaces().contains("*.*.*.*"),
                "Management Center's operations are refused unless its address is trusted");
    }

    /** Whether one of the policy's rules lets a pod of this namespace with these labels reach the named port. */
    private static boolean admitsToPort(NetworkPolicy policy, Map<String, String> labels, String port) {
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            boolean portMatches = rule.getPorts().stream().anyMatch(p -> port.equals(p.getPort().getStrVal()));
            boolean peerMatches = rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() == null
                    && peer.getPodSelector() != null && (isEmpty(peer) || Manifests.selects(peer.getPodSelector(), labels)));
            if (portMatches && peerMatches) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(NetworkPolicyPeer peer) {
        return (peer.getPodSelector().getMatchLabels() == null || peer.getPodSelector().getMatchLabels().isEmpty())
                && (peer.getPodSelector().getMatchExpressions() == null
                || peer.getPodSelector().getMatchExpressions().isEmpty());
    }

    @Test
    void theMemberPortIsOpenOnlyToMembersAndLabelledClients() {
        List<HasMetadata> resources = rendered(PRODUCTION);
        NetworkPolicy policy = Manifests.named(resources, NetworkPolicy.class, "snapgrid");
        Map<String, String> member = NodeLaunch.statefulSet(resources).getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(admitsToPort(policy, member, "member"), "members must reach each other");
        assertTrue(admitsToPort(policy, Map.of("snapgrid.io/client", "true"), "member"), "labelled clients");
        assertFalse(admitsToPort(policy, Map.of("app", "other"), "member"), "an unlabelled pod reaches the member port");
        assertTrue(admitsToPort(policy, Map.of("app", "other"), "rest"), "REST is open to the namespace");
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertTrue(rule.getFrom() != null && !rule.getFrom().isEmpty(), "a rule without from admits everyone");
            rule.getFrom().forEach(peer -> assertTrue(peer.getIpBlock() == null && peer.getNamespaceSelector() == null,
                    "the policy admits beyond the namespace: " + peer));
        }
    }

    private SnapgridSettings load(List<HasMetadata> resources) {
        NodeLaunch launch = NodeLaunch.of(resources, NAMESPACE, "snapgrid-0");
        try {
            Path dir = Files.createTempDirectory(temp, "config");
            Path file = dir.resolve(Path.of(launch.configPath()).getFileName());
            Files.writeString(file, launch.configYaml());
            Map<String, String> env = new HashMap<>(launch.env());
            env.put(NodeLaunch.CONFIG_VARIABLE, file.toString());
            return SettingsLoader.load(launch.args(), env);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The SNAPGRID_* names in docs/configuration.md's table of environment variables. */
    static Set<String> documentedVariables() {
        Path docs = Path.of(System.getProperty("snapgrid.docs.dir", Kustomize.K8S.resolve("../docs").toString()));
        String text;
        try {
            text = Files.readString(docs.resolve("configuration.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int start = text.indexOf("## Environment variables");
        assertTrue(start >= 0, "docs/configuration.md has no section Environment variables");
        int end = text.indexOf("\n## ", start + 1);
        Matcher name = Pattern.compile("`(SNAPGRID_[A-Z_]+)`").matcher(text.substring(start, end < 0 ? text.length() : end));
        Set<String> names = new LinkedHashSet<>();
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static List<ContainerPort> containerPorts(PodTemplateSpec template) {
        return template.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream()).toList();
    }

    private static boolean matches(IntOrString target, ContainerPort port) {
        return target != null && (target.getIntVal() != null ? target.getIntVal().equals(port.getContainerPort())
                : target.getStrVal().equals(port.getName()));
    }

    private static int port(List<ContainerPort> ports, String name) {
        return ports.stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name)).getContainerPort();
    }

    private static String describe(List<ContainerPort> ports) {
        return ports.stream().map(p -> p.getName() + "=" + p.getContainerPort()).toList().toString();
    }

    private static Probe probe(Probe probe, String kind, String path, List<ContainerPort> ports,
                               SnapgridSettings settings) {
        assertNotNull(probe, "no " + kind + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, kind + " probe is not an HTTP GET");
        assertEquals(path, get.getPath(), kind + " probe path");
        assertTrue(ports.stream().anyMatch(p -> matches(get.getPort(), p) && p.getContainerPort() == settings.rest().port()),
                kind + " probe port " + get.getPort() + " is not the REST port " + settings.rest().port());
        return probe;
    }

    private static Volume volume(StatefulSet set, String name) {
        return set.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no pod volume " + name));
    }

    /** The name of the volume mounted at (or above) the path. */
    private static String mountOf(Container container, Path path) {
        return container.getVolumeMounts().stream().filter(m -> path.normalize().startsWith(Path.of(m.getMountPath())))
                .max(java.util.Comparator.comparingInt(m -> m.getMountPath().length())).map(VolumeMount::getName)
                .orElseThrow(() -> new AssertionError(path + " is on no volume"));
    }
}
