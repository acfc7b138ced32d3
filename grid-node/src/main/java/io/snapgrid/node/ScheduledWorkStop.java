package io.snapgrid.node;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.scheduling.processor.ScheduledMethodProcessor;
import jakarta.inject.Singleton;

/**
 * Cancels the node's {@code @Scheduled} work as the node begins to close, before any bean is destroyed. Micronaut
 * resolves a scheduled bean on every run and cancels the runs only when it destroys its scheduler, which may come
 * after the member: a run in between created the bean and its member again, a member that then joined the cluster
 * with no node around it.
 */
@Singleton
final class ScheduledWorkStop implements ApplicationEventListener<ShutdownEvent> {

    private final ScheduledMethodProcessor scheduled;

    ScheduledWorkStop(ScheduledMethodProcessor scheduled) {
        this.scheduled = scheduled;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        scheduled.close();
    }
}
