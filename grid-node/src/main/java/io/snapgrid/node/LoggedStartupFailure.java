package io.snapgrid.node;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/** An embedded node (tests, applications) keeps running not-ready; readiness names the failure. */
@Singleton
@Secondary
final class LoggedStartupFailure implements StartupFailure {

    @Override
    public void failed(String what, Throwable cause) {
    }
}
