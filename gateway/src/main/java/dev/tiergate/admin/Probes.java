package dev.tiergate.admin;

import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyCompiler;
import dev.tiergate.proxy.Lifecycle;
import dev.tiergate.store.StoreStats;
import dev.tiergate.store.TieredStore;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin API's probes. Liveness ({@code GET /health/live}) asks whether the process can still do work: every
 * event loop runs a task within {@link #DEFAULT_PING_TIMEOUT}, and Vert.x's blocked-thread checker has warned of no
 * thread within {@link #DEFAULT_BLOCKED_WINDOW}. Readiness ({@code GET /health/ready}) asks whether traffic should
 * come here: the policy is loaded, the proxy listeners are bound and the gateway is not draining. Both describe
 * the components as well: L2, each origin's breaker and the running policy's hash.
 *
 * <p>Neither fails on Redis or on an origin. L2 is a cache: without it the gateway serves from L1 and the origin
 * (degraded, reported as such); an origin's outage is the same for every instance, so taking instances out of
 * service would only turn stale-if-error answers into connection errors.
 */
public final class Probes {

    /** How long every event loop has to run the liveness ping. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(1);
    /** How long a blocked-thread warning keeps liveness failing. */
    public static final Duration DEFAULT_BLOCKED_WINDOW = Duration.ofSeconds(30);

    /**
     * A probe's answer.
     *
     * @param up true for 200, false for 503
     * @param detail the JSON body
     */
    public record Answer(boolean up, JsonObject detail) {
    }

    private final Vertx vertx;
    private final Supplier<Policy> policy;
    private final TieredStore store;
    private final Function<String, Optional<CircuitBreakerState>> originBreakers;
    private final Lifecycle lifecycle;
    private final BlockedThreads blocked;
    private final AtomicReference<PolicyHash> hash = new AtomicReference<>();

    /** The policy the hash was computed for: a reload swaps the policy, and the hash with it. */
    private record PolicyHash(Policy policy, String hash) {
    }

    /**
     * @param clock times the blocked-thread warnings (the gateway's one clock)
     * @param policy the running policy
     * @param originBreakers the breaker state of an origin by its policy name, empty before its first request
     */
    public Probes(Vertx vertx, InstantSource clock, Supplier<Policy> policy, TieredStore store,
                  Function<String, Optional<CircuitBreakerState>> originBreakers, Lifecycle lifecycle) {
        this.vertx = vertx;
        this.policy = policy;
        this.store = store;
        this.originBreakers = originBreakers;
        this.lifecycle = lifecycle;
        this.blocked = BlockedThreads.watch(vertx, clock);
    }

    /** Liveness: the event loops answer and no thread was blocked lately. */
    public Future<Answer> live() {
        return pingEventLoops().compose(loops -> components().map(detail -> {
            Optional<BlockedThreads.Warning> recent = blocked.within(DEFAULT_BLOCKED_WINDOW);
            JsonObject blockedThreads = new JsonObject().put("windowSeconds", DEFAULT_BLOCKED_WINDOW.toSeconds())
                    .put("warnings", blocked.count()).put("recent", recent.isPresent());
            blocked.last().ifPresent(warning -> blockedThreads.put("last", new JsonObject().put("thread", warning.thread())
                    .put("blockedMs", warning.blockedMillis()).put("limitMs", warning.limitMillis()).put("at", warning.at().toString())));
            boolean up = loops.getInteger("answered").equals(loops.getInteger("count")) && recent.isEmpty();
            JsonArray reasons = new JsonArray();
            if (!loops.getInteger("answered").equals(loops.getInteger("count"))) {
                reasons.add("event loops did not answer within " + DEFAULT_PING_TIMEOUT.toMillis() + " ms");
            }
            recent.ifPresent(warning -> reasons.add("thread " + warning.thread() + " was blocked for " + warning.blockedMillis() + " ms"));
            return new Answer(up, status(up, reasons).put("eventLoops", loops).put("blockedThreads", blockedThreads).mergeIn(detail));
        }));
    }

    /** Readiness: the policy is loaded, the listeners are bound, the gateway is not draining. */
    public Future<Answer> ready() {
        return components().map(detail -> {
            JsonArray reasons = new JsonArray();
            if (lifecycle.draining()) {
                reasons.add("draining");
            }
            if (!lifecycle.listening()) {
                reasons.add("listeners not bound");
            }
            boolean up = reasons.isEmpty();
            return new Answer(up, status(up, reasons).put("draining", lifecycle.draining())
                    .put("listeners", new JsonObject().put("bound", lifecycle.listening()).put("stage", lifecycle.stage().name()))
                    .mergeIn(detail));
        });
    }

    private static JsonObject status(boolean up, JsonArray reasons) {
        JsonObject status = new JsonObject().put("status", up ? "UP" : "DOWN");
        return reasons.isEmpty() ? status : status.put("reasons", reasons);
    }

    /** Runs a task on every event loop; how many ran within the bound. */
    private Future<JsonObject> pingEventLoops() {
        List<EventExecutor> loops = new ArrayList<>();
        ((VertxInternal) vertx).eventLoopGroup().forEach(loops::add);
        Promise<JsonObject> answered = Promise.promise();
        AtomicInteger count = new AtomicInteger();
        long start = System.nanoTime();
        Supplier<JsonObject> report = () -> new JsonObject().put("count", loops.size()).put("answered", count.get())
                .put("timeoutMs", DEFAULT_PING_TIMEOUT.toMillis());
        for (EventExecutor loop : loops) {
            loop.execute(() -> {
                if (count.incrementAndGet() == loops.size()) {
                    answered.tryComplete(report.get().put("slowestMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                }
            });
        }
        long timer = vertx.setTimer(DEFAULT_PING_TIMEOUT.toMillis(), ignored -> answered.tryComplete(report.get()));
        return answered.future().andThen(ignored -> vertx.cancelTimer(timer));
    }

    /** What both probes report: the policy, L2 and the origins' breakers. */
    private Future<JsonObject> components() {
        Policy running = policy.get();
        StoreStats stats = store.stats();
        return store.l2Answers().map(connected -> {
            JsonObject l2 = new JsonObject().put("configured", stats.l2Configured());
            JsonArray degraded = new JsonArray();
            if (stats.l2Configured()) {
                l2.put("connected", connected).put("breaker", stats.breakerState())
                        .put("purgeBus", new JsonObject().put("subscribed", stats.busSubscribed()));
                if (!connected || !stats.breakerState().equals(CircuitBreakerState.CLOSED.name()) || !stats.busSubscribed()) {
                    degraded.add("l2");
                }
            }
            JsonObject origins = new JsonObject();
            running.origins().forEach((name, origin) -> {
                // A breaker is made on an origin's first request; until then it is closed.
                CircuitBreakerState state = originBreakers.apply(name).orElse(CircuitBreakerState.CLOSED);
                origins.put(name, new JsonObject().put("url", origin.url().toString()).put("breaker", state.name()));
                if (state != CircuitBreakerState.CLOSED) {
                    degraded.add("origin " + name);
                }
            });
            return new JsonObject()
                    .put("degraded", degraded)
                    .put("policy", new JsonObject().put("loaded", true).put("source", running.source()).put("hash", hash(running)))
                    .put("l2", l2)
                    .put("origins", origins);
        });
    }

    private String hash(Policy running) {
        PolicyHash known = hash.get();
        if (known != null && known.policy() == running) {
            return known.hash();
        }
        PolicyHash computed = new PolicyHash(running, PolicyCompiler.hash(running));
        hash.set(computed);
        return computed.hash();
    }
}
