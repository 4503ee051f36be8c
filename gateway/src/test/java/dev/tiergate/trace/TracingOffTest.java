package dev.tiergate.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Headers;
import dev.tiergate.plan.ServedOutcome;
import dev.tiergate.policy.OriginSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without a {@code tracing} section there is no SDK, and a request's tracing costs no allocation. */
class TracingOffTest {

    private static final CacheStatus HIT = CacheStatus.hit(60, "fresh");

    @Test
    void noTracingSectionMeansNoSdkAndOneSharedNoneTrace() {
        Tracing tracing = Tracing.start(Optional.empty());

        assertThat(tracing).isSameAs(Tracing.OFF);
        assertThat(tracing.enabled()).isFalse();
        // The request is not even looked at.
        assertThat(tracing.request(null)).isSameAs(RequestTrace.NONE);
        assertThat(RequestTrace.NONE.recording()).isFalse();
        assertThat(RequestTrace.NONE.l1Lookup()).isSameAs(TraceSpan.NONE);
        assertThat(RequestTrace.NONE.l2Get()).isSameAs(TraceSpan.NONE);
        assertThat(RequestTrace.NONE.l2Set()).isSameAs(TraceSpan.NONE);
        assertThat(RequestTrace.NONE.refresh("product")).isSameAs(RequestTrace.NONE);
        OriginSettings origin = OriginSettings.at(URI.create("http://127.0.0.1:8081"));
        assertThat(RequestTrace.NONE.originFetch("default", origin, "GET")).isSameAs(OriginFetch.NONE);
    }

    @Test
    void withoutTracingTheOriginIsSentTheClientsFieldsAsTheyAre() {
        Headers fields = Headers.of("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", "tracestate", "a=b");

        assertThat(OriginFetch.NONE.propagate(fields)).isSameAs(fields);
    }

    @Test
    void theHitPathAllocatesNothingForTracingWhenItIsOff() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        hitPath(1_000);

        int requests = 1_000_000;
        long before = threads.getThreadAllocatedBytes(thread);
        hitPath(requests);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // Less than a byte a request: the smallest object is 16 bytes, so no request allocated one. What is left is the
        // measuring's own (and the compiler's) fixed overhead.
        assertThat(allocated).isLessThan(requests);
    }

    /** What the handler calls on a request's trace when it is an L1 hit. */
    private static void hitPath(int requests) {
        for (int i = 0; i < requests; i++) {
            RequestTrace trace = Tracing.OFF.request(null);
            trace.routed("product");
            TraceSpan lookup = trace.l1Lookup();
            lookup.end(true);
            trace.served(200, ServedOutcome.L1_HIT, HIT, "Tiergate", true);
        }
    }
}
