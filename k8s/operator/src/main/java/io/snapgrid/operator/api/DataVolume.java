package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A ReadWriteOnce claim per member (volumeClaimTemplates), kept when its pod moves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataVolume(String size, String storageClassName) {
}
