package io.snapgrid.jobs.common;

import io.snapgrid.records.RecordType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The record types of the shipped schemas, loaded once per JVM from the classpath (snapgrid-config). Pipeline
 * functions reach them through this class rather than capturing them, since RecordType is not serializable and
 * the functions run on every member.
 */
public final class Schemas {

    private Schemas() {
    }

    public static RecordType event() {
        return Holder.EVENT;
    }

    public static RecordType nodeHealth() {
        return Holder.NODE_HEALTH;
    }

    public static RecordType rackStates() {
        return Holder.RACK_STATES;
    }

    public static RecordType deadLetter() {
        return Holder.DEAD_LETTER;
    }

    public static RecordType node() {
        return Holder.NODE;
    }

    /** Loaded on first use, so that building a pipeline on a client does not need the schemas. */
    private static final class Holder {
        static final RecordType EVENT = load("telemetry-event.avsc");
        static final RecordType NODE_HEALTH = load("node-health.avsc");
        static final RecordType RACK_STATES = load("rack-states.avsc");
        static final RecordType DEAD_LETTER = load("dead-letter.avsc");
        static final RecordType NODE = load("node.avsc");

        private static RecordType load(String file) {
            String resource = "snapgrid/schemas/" + file;
            try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the classpath (snapgrid-config)");
                }
                return RecordType.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
