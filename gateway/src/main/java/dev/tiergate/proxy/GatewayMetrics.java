package dev.tiergate.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters: requests by route and cache result (the hit-ratio inputs), origin
 * latency by route and outcome, client latency by route and outcome, collapsed requests and stale responses served,
 * and clients given up on.
 */
public final class GatewayMetrics {

    /** The request-duration histogram's fixed buckets, besides the percentile histogram's own: the latencies SLOs are written in. */
    static final Duration[] REQUEST_DURATION_SLOS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500)};

    private final MeterRegistry registry;
    /** One timer per route and outcome, looked up without the registry's builder on every response. */
    private final Map<String, Timer> requestDurations = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a client request; {@code result} is hit, stale, miss, revalidate, bypass, collapsed or error. */
    void request(String route, String result) {
        Counter.builder("tiergate.requests").description("Client requests by route and cache result")
                .tag("route", route).tag("result", result).register(registry).increment();
    }

    /**
     * Times a client request from its arrival to the end of its response; {@code outcome} is one of
     * {@link dev.tiergate.plan.ServedOutcome}'s tags, so a route has six series at most.
     */
    void requestDuration(String route, String outcome, long nanos) {
        requestDurations.computeIfAbsent(route + '\n' + outcome, ignored -> Timer.builder("tiergate.request.duration")
                .description("Client requests from arrival to the end of the response, by route and outcome")
                .tag("route", route).tag("outcome", outcome)
                .publishPercentileHistogram()
                .serviceLevelObjectives(REQUEST_DURATION_SLOS)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Times an origin exchange up to its response head. */
    void originLatency(String route, String outcome, Duration duration) {
        Timer.builder("tiergate.origin.latency").description("Time to the origin's response head")
                .tag("route", route).tag("outcome", outcome).publishPercentileHistogram(false)
                .register(registry).record(duration);
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
