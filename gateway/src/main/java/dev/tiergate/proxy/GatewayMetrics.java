package dev.tiergate.proxy;

import dev.tiergate.metrics.MeterHandles;
import dev.tiergate.plan.RequestPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters: requests by route, segment and cache result (the hit-ratio inputs), origin
 * latency by route and outcome, client latency by route and outcome, collapsed requests and stale responses served,
 * coalesced waiters, refill-lock waits, and clients given up on. The meters of the request path
 * are held in {@link MeterHandles}, so a hit finds its counter without building tags.
 */
public final class GatewayMetrics {

    /** The request-duration histogram's fixed buckets, besides the percentile histogram's own: the latencies SLOs are written in. */
    static final Duration[] REQUEST_DURATION_SLOS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500)};

    private final MeterRegistry registry;
    private final MeterHandles<Counter> requests;
    private final MeterHandles<Timer> requestDurations;
    private final MeterHandles<Timer> originLatencies;
    private final MeterHandles<Counter> coalescedWaiters;
    private final MeterHandles<Timer> refillLockWaits;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = new MeterHandles<>((route, segment, result) -> Counter.builder("tiergate.requests")
                .description("Client requests by route, segment and cache result")
                .tag("route", route).tag("segment", segment).tag("result", result).register(registry));
        this.requestDurations = new MeterHandles<>((route, outcome, ignored) -> Timer.builder("tiergate.request.duration")
                .description("Client requests from arrival to the end of the response, by route and outcome")
                .tag("route", route).tag("outcome", outcome)
                .publishPercentileHistogram()
                .serviceLevelObjectives(REQUEST_DURATION_SLOS)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
        this.originLatencies = new MeterHandles<>((route, outcome, ignored) -> Timer.builder("tiergate.origin.latency")
                .description("Time to the origin's response head")
                .tag("route", route).tag("outcome", outcome).publishPercentileHistogram(false)
                .register(registry));
        this.coalescedWaiters = new MeterHandles<>((route, ignored, unused) -> Counter.builder("tiergate.coalesced.waiters")
                .description("Requests that waited for another request's origin fetch of the same key instead of fetching")
                .tag("route", route).register(registry));
        this.refillLockWaits = new MeterHandles<>((result, ignored, unused) -> Timer.builder("tiergate.refill.lock.wait")
                .description("Waits of fetches that found the key's refill lock held by another instance, by how the wait ended")
                .tag("result", result).register(registry));
    }

    /**
     * Counts a client request that has no plan (a malformed request); {@code result} is as in
     * {@link #request(RequestPlan, String)}, its segment empty.
     */
    void request(String route, String result) {
        requests.get(route, "", result).increment();
    }

    /**
     * Counts a client request by its route, its segment (empty when the route keys none; bounded, since a segment's
     * values are the policy's allow-list and its default) and {@code result}: hit, stale, miss, revalidate, bypass,
     * collapsed, stale-if-error, error, rate-limited, unauthorized or unsatisfiable.
     */
    void request(RequestPlan plan, String result) {
        requests.get(plan.route().name(), plan.key().isPresent() ? plan.key().get().segment() : "", result).increment();
    }

    /**
     * Times a client request from its arrival to the end of its response; {@code outcome} is one of
     * {@link dev.tiergate.plan.ServedOutcome}'s tags, so a route has six series at most.
     */
    void requestDuration(String route, String outcome, long nanos) {
        requestDurations.get(route, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Times an origin exchange up to its response head. */
    void originLatency(String route, String outcome, Duration duration) {
        originLatencies.get(route, outcome).record(duration);
    }

    /** Counts a request that joined the origin fetch another request of this instance leads for the same key. */
    void coalescedWaiter(String route) {
        coalescedWaiters.get(route, "").increment();
    }

    /**
     * Times the wait of a fetch that found its refill lock held by another instance; {@code result} says how it ended:
     * {@code filled} (the holder's entry appeared in L2), {@code acquired} (the lock was freed and taken),
     * {@code timed-out} or {@code unavailable} (fetched alone).
     */
    void refillLockWait(String result, long nanos) {
        refillLockWaits.get(result, "").record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a response stored in L1. */
    void stored(String route) {
        Counter.builder("tiergate.stored").description("Responses stored").tag("route", route).register(registry).increment();
    }

    /** Counts a client connection closed, or a request answered 408, because the client was too slow: {@code kind} is header, idle or body. */
    void clientTimeout(String kind) {
        Counter.builder("tiergate.client.timeouts").description("Client connections or requests given up on: the client was too slow")
                .tag("kind", kind).register(registry).increment();
    }

    /** Counts a forwarded request its client ended (gone, or too slow with its body): not an origin failure. */
    void clientFault(String route, String kind) {
        Counter.builder("tiergate.client.faults").description("Forwarded requests ended by their client, not the origin")
                .tag("route", route).tag("kind", kind).register(registry).increment();
    }

    /** Counts a client connection closed on accept; {@code reason} is per-client-limit. */
    void connectionRefused(String reason) {
        Counter.builder("tiergate.connections.refused").description("Client connections closed on accept")
                .tag("reason", reason).register(registry).increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
