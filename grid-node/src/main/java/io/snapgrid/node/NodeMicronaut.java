package io.snapgrid.node;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;

/**
 * Micronaut's start, except that a node that cannot start (its REST port is taken, a bean fails) throws to the
 * caller. Micronaut itself calls System.exit(1) outside its test environment, which killed a test JVM running
 * several nodes when one node's port was taken; an application embedding a node must not die of it either. The
 * packaged node exits on its own ({@link GridNodeMain}).
 */
final class NodeMicronaut extends Micronaut {

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        throw new ApplicationStartupException("the node could not start: " + exception.getMessage(), exception);
    }
}
