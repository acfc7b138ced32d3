package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;

import java.net.URI;
import java.util.Optional;

/** Where a pod's member serves REST. */
public interface MemberAddresses {

    /** Empty while the pod has no address yet. */
    Optional<URI> rest(Pod pod);

    /**
     * In a cluster: the pod's IP and its container's port named {@code rest} (k8s/base/statefulset.yaml), over
     * HTTPS if the pod's readiness probe calls HTTPS, as a pod rendered with TLS does.
     */
    static MemberAddresses podIp() {
        return pod -> {
            if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
                return Optional.empty();
            }
            int port = pod.getSpec().getContainers().get(0).getPorts().stream()
                    .filter(p -> "rest".equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                    .orElseThrow(() -> new IllegalStateException("pod " + pod.getMetadata().getName()
                            + " has no container port named rest"));
            return Optional.of(URI.create(scheme(pod) + "://" + pod.getStatus().getPodIP() + ":" + port));
        };
    }

    /**
     * http or https: as the pod's own readiness probe calls it, so that a pod from before TLS was turned on or off
     * is called as it serves.
     */
    static String scheme(Pod pod) {
        Probe readiness = pod.getSpec().getContainers().get(0).getReadinessProbe();
        return readiness != null && readiness.getHttpGet() != null
                && "HTTPS".equalsIgnoreCase(readiness.getHttpGet().getScheme()) ? "https" : "http";
    }
}
