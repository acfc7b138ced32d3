package io.snapgrid.client;

import java.util.List;
import java.util.Objects;

/**
 * Where the cluster is: its name and either member addresses or the Kubernetes service its members are endpoints of.
 * Everything else comes from the shipped configuration ({@link SnapgridClient#SHIPPED_CONFIGURATION}).
 *
 * @param members    {@code host} or {@code host:port} of one or more members; empty with Kubernetes discovery
 * @param kubernetes null unless members are discovered through the Kubernetes API
 */
public record ClientSettings(String clusterName, List<String> members, Kubernetes kubernetes) {

    public static final String DEFAULT_CLUSTER_NAME = "snapgrid";

    /** @throws IllegalArgumentException naming the setting that is missing or contradicts another */
    public ClientSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName is blank; a Snapgrid node's is cluster.name (default "
                    + DEFAULT_CLUSTER_NAME + ")");
        }
        members = members == null ? List.of() : members.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        if (kubernetes == null && members.isEmpty()) {
            throw new IllegalArgumentException("members is empty: give at least one member address, or Kubernetes"
                    + " discovery");
        }
        if (kubernetes != null && !members.isEmpty()) {
            throw new IllegalArgumentException("members " + members + " and Kubernetes discovery both given; the"
                    + " client uses one way of finding members");
        }
    }

    /** A node started with {@code ./snapgrid node}: cluster {@code snapgrid} at 127.0.0.1:5701. */
    public static ClientSettings local() {
        return members(DEFAULT_CLUSTER_NAME, "127.0.0.1:5701");
    }

    public static ClientSettings members(String clusterName, String... members) {
        return members(clusterName, List.of(members));
    }

    public static ClientSettings members(String clusterName, List<String> members) {
        return new ClientSettings(clusterName, members, null);
    }

    /** A client in a pod of the same Kubernetes cluster, finding the members through the Kubernetes API. */
    public static ClientSettings kubernetes(String clusterName, String namespace, String serviceName) {
        return new ClientSettings(clusterName, List.of(), new Kubernetes(namespace, serviceName));
    }

    /** Where Snapgrid's members are, as the node's {@code cluster.kubernetes.*} settings name it. */
    public record Kubernetes(String namespace, String serviceName) {

        public Kubernetes {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(serviceName, "serviceName");
            if (namespace.isBlank() || serviceName.isBlank()) {
                throw new IllegalArgumentException("Kubernetes discovery needs a namespace and a service name, got '"
                        + namespace + "' and '" + serviceName + "'");
            }
        }
    }
}
