package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;

import java.io.Serializable;

/**
 * A leader's side effect as plain data. It travels to the member that owns the leadership record and runs
 * there only while the epoch it carries is still the newest.
 */
public interface DutyAction<R extends Serializable> extends Serializable {

    String describe();

    R apply(HazelcastInstance member);
}
