package io.snapgrid.node.health;

import com.hazelcast.core.HazelcastInstance;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

@Singleton
@Liveness
final class MemberLiveness implements HealthIndicator {

    private final HazelcastInstance member;

    MemberLiveness(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = member.getLifecycleService().isRunning() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("member", status).build());
    }
}
