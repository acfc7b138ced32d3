package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A pod and the member it runs, as the member itself reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterMember(String pod, String memberId, String address, boolean ready, boolean leader) {
}
