package io.snapgrid.node.rest.problem;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.snapgrid.snapshot.mapstore.StrongWriteException;
import io.snapgrid.snapshot.mapstore.WeakBacklogFullException;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * A write the snapshot store refused was not applied, and the same request may succeed once the store recovers:
 * that is 503 with a Retry-After, not a 500 that reads as a bug in the node. So is a write refused on the minority
 * side of a network partition, which may succeed once the partition heals or on a member of the majority.
 */
final class StoreRefusalHandler {

    /** Seconds a client is asked to wait; a weak backlog drains within about one snapshot interval. */
    static final String RETRY_AFTER_SECONDS = "5";

    private StoreRefusalHandler() {
    }

    static HttpResponse<?> render(HttpRequest<?> request, String type, String detail) {
        return ProblemBody.render(request, HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", RETRY_AFTER_SECONDS), HttpStatus.SERVICE_UNAVAILABLE, type, detail,
                Map.of("applied", false));
    }

    @Singleton
    @Produces
    @Requires(classes = ExceptionHandler.class)
    static final class NotDurable implements ExceptionHandler<StrongWriteException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, StrongWriteException refused) {
            return render(request, "not-durable", refused.getMessage());
        }
    }

    @Singleton
    @Produces
    @Requires(classes = ExceptionHandler.class)
    static final class BacklogFull implements ExceptionHandler<WeakBacklogFullException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, WeakBacklogFullException refused) {
            return render(request, "snapshot-backlog-full", refused.getMessage());
        }
    }

    @Singleton
    @Produces
    @Requires(classes = ExceptionHandler.class)
    static final class NoMajority implements ExceptionHandler<SplitBrainProtectionException, HttpResponse<?>> {
        /** Hazelcast's own message names only the protection and the member count. */
        private static final String CAUSE = "this member has not heard from a majority of the expected cluster"
                + " recently (a network partition?): ";

        @Override
        public HttpResponse<?> handle(HttpRequest request, SplitBrainProtectionException refused) {
            return render(request, "no-majority", CAUSE + refused.getMessage());
        }
    }
}
