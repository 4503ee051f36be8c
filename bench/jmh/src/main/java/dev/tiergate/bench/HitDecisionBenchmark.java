package dev.tiergate.bench;

import dev.tiergate.cache.StorePlan;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Headers;
import dev.tiergate.http.HttpDates;
import dev.tiergate.plan.ClientOrigin;
import dev.tiergate.plan.RequestPlan;
import dev.tiergate.plan.Routing;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.TokenResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure core's part of an L1 hit, step by step and as a whole, on the policy bench/compare.sh runs
 * the gateway with ({@code bench/compare-policy.yaml}, route {@code hit}): route match, key derivation
 * (the request plan), the reuse decision on a stored fresh entry, and rendering {@code Cache-Status}.
 * Each step's inputs are made once in {@link #setUp()}, so a step's figure is that step alone;
 * {@link #hitDecision()} takes all of them in order, as the gateway's handler does. Requests cycle over
 * {@link #keys} distinct URLs, so key derivation is not measured on one string the JIT could fold.
 * Run with {@code -prof gc} for B/op (see bench/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HitDecisionBenchmark {

    /** A fixed clock: the stored entries were fetched ten seconds before it, their TTL is an hour. */
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FETCHED = NOW.minusSeconds(10);
    private static final int BODY_BYTES = 1024;

    /** How many distinct URLs the requests cycle over. */
    @Param({"1024"})
    public int keys;

    private Policy policy;
    private String[] targets;
    private ClientOrigin[] clients;
    private Routing.Routed[] routed;
    private RequestPlan[] plans;
    private Optional<VariantSet>[] variants;
    private RequestPlan.Reuse[] reuses;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException, PolicyException {
        policy = loadPolicy();
        targets = new String[keys];
        clients = new ClientOrigin[keys];
        routed = new Routing.Routed[keys];
        plans = new RequestPlan[keys];
        variants = new Optional[keys];
        reuses = new RequestPlan.Reuse[keys];
        byte[] body = new byte[BODY_BYTES];
        for (int i = 0; i < keys; i++) {
            targets[i] = "/sim/respond/hit/k/" + i + "?cache-control=public,+max-age=30&size=" + BODY_BYTES;
            clients[i] = ClientOrigin.direct("127.0.0.1", "http",
                    Headers.of("Host", "127.0.0.1:8080", "User-Agent", "wrk", "Accept", "*/*"));
            routed[i] = (Routing.Routed) RequestPlan.route(policy, "GET", targets[i], clients[i]);
            plans[i] = RequestPlan.plan(policy, routed[i], "GET", targets[i], TokenResult.NONE);
            StorePlan stored = plans[i].storePlan(plans[i].originRequest(Set.of(), Optional.empty()), 200,
                    Headers.of("Date", HttpDates.format(FETCHED), "Cache-Control", "public, max-age=30",
                            "Content-Type", "text/plain; charset=utf-8", "Content-Length", String.valueOf(BODY_BYTES)),
                    body, FETCHED, FETCHED);
            variants[i] = Optional.of(VariantSet.of(stored.entry().orElseThrow(
                    () -> new IllegalStateException("the bench policy's hit route did not store " + stored.reason()))));
            reuses[i] = plans[i].decide(variants[i], Optional.of(CacheStatus.TIER_L1), NOW);
        }
        String status = reuses[0].cacheStatus().format();
        if (!status.contains("; hit;")) {
            throw new IllegalStateException("the benchmark's stored entry is not a hit: " + status);
        }
    }

    private static Policy loadPolicy() throws IOException, PolicyException {
        try (InputStream in = HitDecisionBenchmark.class.getResourceAsStream("/compare-policy.yaml")) {
            if (in == null) {
                throw new IllegalStateException("compare-policy.yaml is not on the classpath");
            }
            return PolicyLoader.parse("bench/compare-policy.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == keys ? 0 : i + 1;
        return i;
    }

    /** Route match: host, method and path against the policy's routes. */
    @Benchmark
    public Routing routeMatch() {
        int i = nextIndex();
        return RequestPlan.route(policy, "GET", targets[i], clients[i]);
    }

    /** The request plan of a routed request: segment, cache key (canonical string and its SHA-256), tags. */
    @Benchmark
    public RequestPlan keyDerivation() {
        int i = nextIndex();
        return RequestPlan.plan(policy, routed[i], "GET", targets[i], TokenResult.NONE);
    }

    /** The reuse decision on the stored variants: variant match, freshness and age, request directives. */
    @Benchmark
    public RequestPlan.Reuse reuseDecision() {
        int i = nextIndex();
        return plans[i].decide(variants[i], Optional.of(CacheStatus.TIER_L1), NOW);
    }

    /** The {@code Cache-Status} field value of a hit. */
    @Benchmark
    public String cacheStatus() {
        return reuses[nextIndex()].cacheStatus().format();
    }

    /** All four in order: what the pure core costs an L1 hit. */
    @Benchmark
    public String hitDecision() {
        int i = nextIndex();
        Routing.Routed routing = (Routing.Routed) RequestPlan.route(policy, "GET", targets[i], clients[i]);
        RequestPlan plan = RequestPlan.plan(policy, routing, "GET", targets[i], TokenResult.NONE);
        return plan.decide(variants[i], Optional.of(CacheStatus.TIER_L1), NOW).cacheStatus().format();
    }
}
