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
 * side of a network partition, which may succeed once the partition heals or on a member of the majority. The body's
 * {@code applied} says whether the write is known not to have happened ({@code false}) or may have ({@code
 * "unknown"}).
 */
final class StoreRefusalHandler {

    /** Seconds a client is asked to wait; a weak backlog drains within about one snapshot interval. */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final String NO_MAJORITY = "no-majority";

    private StoreRefusalHandler() {
    }

    static HttpResponse<?> render(HttpRequest<?> request, String type, String detail) {
        return render(request, type, detail, false);
    }

    private static HttpResponse<?> render(HttpRequest<?> request, String type, String detail, Object applied) {
        return ProblemBody.render(request, HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", RETRY_AFTER_SECONDS), HttpStatus.SERVICE_UNAVAILABLE, type, detail,
                Map.of("applied", applied));
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
    static final class NoMajority implements ExceptionHandler<NoMajorityException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, NoMajorityException refused) {
            return render(request, NO_MAJORITY, refused.getMessage());
        }
    }

    /**
     * Hazelcast refused the write where it ran, after this member's own check had passed. That may be the retry
     * of an operation whose first attempt reached the key's owner across a network cut and was applied there,
     * with its answer lost (see WriteMajority), so it cannot be called not applied.
     */
    @Singleton
    @Produces
    @Requires(classes = ExceptionHandler.class)
    static final class NoMajorityInFlight implements ExceptionHandler<SplitBrainProtectionException, HttpResponse<?>> {
        private static final String CAUSE = "the write was refused where it ran, because a member lost its majority"
                + " while it was in flight (a network partition?); an earlier attempt may have been applied on the"
                + " other side, so read the key once the partition heals: ";

        @Override
        public HttpResponse<?> handle(HttpRequest request, SplitBrainProtectionException refused) {
            return render(request, NO_MAJORITY, CAUSE + refused.getMessage(), "unknown");
        }
    }
}
