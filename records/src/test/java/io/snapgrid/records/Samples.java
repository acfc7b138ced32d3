package io.snapgrid.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Records shared by the tests: a full node and a record using every supported kind. */
final class Samples {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Every optional part present, plus null unions, in schema order so that it is also the canonical form. */
    static final String FULL_NODE = """
            {"hostname":"nid000042","arch":"arm64","role":"Service","subrole":"UAN","state":"Ready","flag":"Warning",\
            "nid":42,"labels":{"gpu":"gh200","partition":"gpu","rack":"x1000"},\
            "bmc":{"xname":"x1000c0s5b0","mac":"02:01:9e:37:79:b1","ip":"10.0.0.22"},\
            "nics":[{"name":"mgmt0","mac":"02:00:00:00:00:01","ips":["10.16.0.1"]},\
            {"name":"hsn0","mac":"02:00:00:00:00:02","ips":["10.16.0.2","10.16.0.3"]},\
            {"name":"hsn1","mac":"02:00:00:00:00:03","ips":[]}],\
            "bootImage":"s3://boot-images/cos-3.1.12-aarch64/rootfs","kernelParameters":null,\
            "firmwareVersion":"nc.1.10.2","allocation":null,"lastHeartbeat":1767225600000}""";

    /** One field of each supported shape, nullable where Avro allows it. */
    static final RecordType ALL_KINDS = RecordType.parse("""
            {"type": "record", "name": "Sample", "namespace": "snapgrid.test", "fields": [
              {"name": "text", "type": "string"},
              {"name": "colour", "type": {"type": "enum", "name": "Colour", "symbols": ["red", "green"]}},
              {"name": "count", "type": "int"},
              {"name": "total", "type": "long"},
              {"name": "ratio", "type": "float"},
              {"name": "value", "type": "double"},
              {"name": "ok", "type": "boolean"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "maybeText", "type": ["null", "string"], "default": null},
              {"name": "maybeColour", "type": ["null", "Colour"], "default": null},
              {"name": "maybeCount", "type": ["null", "int"], "default": null},
              {"name": "maybeTotal", "type": ["null", "long"], "default": null},
              {"name": "maybeRatio", "type": ["null", "float"], "default": null},
              {"name": "maybeValue", "type": ["null", "double"], "default": null},
              {"name": "maybeOk", "type": ["null", "boolean"], "default": null},
              {"name": "maybeAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
              {"name": "note", "type": ["null", "string"]},
              {"name": "texts", "type": {"type": "array", "items": "string"}},
              {"name": "colours", "type": {"type": "array", "items": "Colour"}},
              {"name": "counts", "type": {"type": "array", "items": "int"}},
              {"name": "totals", "type": {"type": "array", "items": "long"}},
              {"name": "ratios", "type": {"type": "array", "items": "float"}},
              {"name": "values", "type": {"type": "array", "items": "double"}},
              {"name": "oks", "type": {"type": "array", "items": "boolean"}},
              {"name": "maybeCounts", "type": ["null", {"type": "array", "items": "int"}], "default": null},
              {"name": "peer", "type": {"type": "record", "name": "Peer", "fields": [
                {"name": "name", "type": "string"},
                {"name": "weight", "type": "double", "default": 1.0}]}},
              {"name": "peers", "type": {"type": "array", "items": "Peer"}},
              {"name": "limits", "type": {"type": "map", "values": "long"}, "default": {}},
              {"name": "peersByName", "type": {"type": "map", "values": "Peer"}, "default": {}},
              {"name": "maybeLimits", "type": ["null", {"type": "map", "values": "int"}], "default": null}
            ]}""");

    static final String ALL_KINDS_JSON = """
            {"text":"t","colour":"green","count":-7,"total":9007199254740993,"ratio":1.5,"value":0.25,"ok":true,\
            "at":1767225600000,"maybeText":"m","maybeColour":null,"maybeCount":3,"maybeTotal":null,"maybeRatio":2.5,\
            "maybeValue":null,"maybeOk":false,"maybeAt":null,"note":null,"texts":["a","b"],"colours":["red","red"],\
            "counts":[1,-2],"totals":[3000000000],"ratios":[0.5],"values":[1.25,-0.75],"oks":[true,false],\
            "maybeCounts":[4],"peer":{"name":"p","weight":2.0},"peers":[{"name":"q","weight":1.0}],\
            "limits":{"a":1,"b":2},"peersByName":{"x":{"name":"x","weight":0.5}},"maybeLimits":null}""";

    private Samples() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String text(Object json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
