package io.snapgrid.snapshot.impl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hadoop's classes are on the classpath only for Parquet's signatures; none of Hadoop's own dependencies are, so
 * any Hadoop code that really runs (a Configuration, a Hadoop codec) fails. Every other test of this module
 * therefore shows that snapshots are written and read without Hadoop. Should this test fail, someone added Hadoop's
 * dependencies and that proof is gone.
 */
class HadoopFreeClasspathTest {

    @Test
    void hadoopCannotActuallyRun() {
        assertThrows(NoClassDefFoundError.class, () -> new org.apache.hadoop.conf.Configuration());
    }
}
