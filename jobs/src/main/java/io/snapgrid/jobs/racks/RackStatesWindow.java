package io.snapgrid.jobs.racks;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.common.Schemas;
import org.apache.avro.generic.GenericData;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The {@code snapgrid.stats.RackStates} record of one rack and window. */
public record RackStatesWindow(String rack, long windowStart, long windowEnd, long transitions,
                               Map<String, Long> intoState) implements Serializable {

    public RackStatesWindow {
        intoState = new TreeMap<>(intoState);
    }

    static RackStatesWindow of(String rack, long windowStart, long windowEnd, RackCounts counts) {
        return new RackStatesWindow(rack, windowStart, windowEnd, counts.transitions(), counts.intoState());
    }

    public String mapKey() {
        return JobMaps.windowKey(rack, windowEnd);
    }

    public GenericRecord toCompact() {
        GenericData.Record avro = new GenericData.Record(Schemas.rackStates().avroSchema());
        avro.put("rack", rack);
        avro.put("windowStart", windowStart);
        avro.put("windowEnd", windowEnd);
        avro.put("transitions", transitions);
        avro.put("intoState", new LinkedHashMap<>(intoState));
        return Schemas.rackStates().toCompact(avro);
    }

    @SuppressWarnings("unchecked")
    public static RackStatesWindow fromCompact(GenericRecord compact) {
        GenericData.Record avro = Schemas.rackStates().toAvro(compact);
        Map<String, Long> intoState = new TreeMap<>();
        ((Map<Object, Object>) avro.get("intoState")).forEach((state, count) ->
                intoState.put(state.toString(), (Long) count));
        return new RackStatesWindow(avro.get("rack").toString(), (Long) avro.get("windowStart"),
                (Long) avro.get("windowEnd"), (Long) avro.get("transitions"), intoState);
    }
}
