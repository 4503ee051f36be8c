package dev.tiergate.edge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What forwarding purges to the edge has done since the gateway started, one count per admin purge (however many
 * calls it took). {@code GET /stats} and the metrics read the same counters, so they cannot disagree.
 */
public final class EdgePurgeStats {

    /**
     * The counters at one moment.
     *
     * @param provider the edge's provider ({@code cloudflare})
     * @param zoneId the zone purges go to
     * @param forwarded purges the edge accepted
     * @param failed purges the edge refused, or that failed every try
     * @param notForwarded purges with no equivalent at the edge
     * @param pending purges whose calls are under way now
     * @param retries calls tried again
     * @param lastError the latest failure, when there was one
     */
    public record Snapshot(String provider, String zoneId, long forwarded, long failed, long notForwarded, long pending, long retries,
                           Optional<Failure> lastError) {
    }

    /**
     * A failed purge.
     *
     * @param at when it was given up
     * @param message what the edge answered or what went wrong, never the token
     */
    public record Failure(Instant at, String message) {
    }

    private final String provider;
    private final String zoneId;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong notForwarded = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<Failure> lastError = new AtomicReference<>();

    EdgePurgeStats(String provider, String zoneId) {
        this.provider = provider;
        this.zoneId = zoneId;
    }

    /**
     * Registers {@code tiergate_edge_purges_total{result=forwarded|failed|not-forwarded}},
     * {@code tiergate_edge_purges_pending} and {@code tiergate_edge_purge_retries_total}.
     */
    void bind(MeterRegistry registry) {
        counter(registry, "forwarded", forwarded);
        counter(registry, "failed", failed);
        counter(registry, "not-forwarded", notForwarded);
        Gauge.builder("tiergate.edge.purges.pending", pending, AtomicLong::get).description("Purges whose calls to the edge are under way")
                .tag("provider", provider).register(registry);
        FunctionCounter.builder("tiergate.edge.purge.retries", retries, AtomicLong::get).description("Calls to the edge's purge API tried again")
                .tag("provider", provider).register(registry);
    }

    private void counter(MeterRegistry registry, String result, AtomicLong count) {
        FunctionCounter.builder("tiergate.edge.purges", count, AtomicLong::get).description("Purges forwarded to the edge, by result")
                .tag("provider", provider).tag("result", result).register(registry);
    }

    void started() {
        pending.incrementAndGet();
    }

    void forwarded() {
        pending.decrementAndGet();
        forwarded.incrementAndGet();
    }

    void failed(Failure failure) {
        pending.decrementAndGet();
        failed.incrementAndGet();
        lastError.set(failure);
    }

    void notForwarded() {
        notForwarded.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(provider, zoneId, forwarded.get(), failed.get(), notForwarded.get(), pending.get(), retries.get(),
                Optional.ofNullable(lastError.get()));
    }
}
