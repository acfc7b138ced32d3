package io.snapgrid.node;

/**
 * What a node does when it cannot finish starting after its member joined (a restore refused a damaged snapshot):
 * the packaged node exits, so that the operator and the orchestrator see it; an embedded node only stays not-ready.
 */
@FunctionalInterface
public interface StartupFailure {

    void failed(String what, Throwable cause);
}
