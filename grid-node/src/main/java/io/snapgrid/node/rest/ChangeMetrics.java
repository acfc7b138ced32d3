package io.snapgrid.node.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The change feed at /prometheus, per map on this member: {@code snapgrid_rest_change_subscribers} (streams open
 * now) and {@code snapgrid_rest_change_cutoffs_total} (streams ended because their subscriber fell a window behind).
 */
@Singleton
final class ChangeMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();

    ChangeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void subscribed(String map) {
        subscribers(map).incrementAndGet();
    }

    void left(String map) {
        subscribers(map).decrementAndGet();
    }

    void cutOff(String map) {
        Counter.builder("snapgrid.rest.change.cutoffs").tag("map", map)
                .description("Change-feed streams cut off because their subscriber fell a window behind")
                .register(registry).increment();
    }

    private AtomicInteger subscribers(String map) {
        return subscribers.computeIfAbsent(map, name -> {
            AtomicInteger open = new AtomicInteger();
            Gauge.builder("snapgrid.rest.change.subscribers", open, AtomicInteger::get).tag("map", name)
                    .description("Change-feed streams open on this member").register(registry);
            return open;
        });
    }
}
