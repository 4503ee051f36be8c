package dev.tiergate.guard;

import dev.tiergate.policy.OriginSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One Vert.x circuit breaker per origin name. A breaker opens after {@code failures} counted failures in a row
 * within {@link #FAILURE_WINDOW} (a success clears the count; older failures expire), fails calls fast with {@link CircuitOpenException} for {@code resetTimeout}, then
 * lets one trial call through: its success closes the breaker, its failure opens it again.
 *
 * <p>Which failures count is the caller's choice: an origin that answers, even with a 5xx, is reachable, and the
 * cache's stale-if-error handles its errors better than a breaker would.
 *
 * <p>A reload that changes an origin's URL or breaker settings starts a fresh breaker for it: the old one's
 * history was about another server or other limits. The state of each breaker is the gauge
 * {@code tiergate_origin_breaker_state{origin}} (0 closed, 1 half-open, 2 open). Thread-safe.
 */
public final class OriginBreakers {

    /** Failures older than this no longer count: a trickle of faults over hours is not an outage. */
    public static final java.time.Duration FAILURE_WINDOW = java.time.Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(OriginBreakers.class.getName());

    private final io.vertx.core.Vertx vertx;
    private final Optional<MeterRegistry> registry;
    private final ConcurrentMap<String, Entry> breakers = new ConcurrentHashMap<>();

    public OriginBreakers(io.vertx.core.Vertx vertx, Optional<MeterRegistry> registry) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Runs {@code call} through the origin's breaker. The result is completed straight from the call's own
     * future (the breaker's bookkeeping runs on a later task), so an HTTP response reaches the caller before any
     * of its body can be delivered.
     *
     * @param name the origin's name: metrics and logs show it, and each name has its own breaker
     * @param origin the origin's settings; its breaker settings apply
     * @param counts which failures count towards opening the breaker; the others are outcomes like successes
     * @return the call's outcome, or a {@link CircuitOpenException} when the breaker refused it
     */
    public <T> Future<T> call(String name, OriginSettings origin, Supplier<Future<T>> call, Predicate<Throwable> counts) {
        CircuitBreaker breaker = breaker(name, origin);
        Promise<T> result = Promise.promise();
        AtomicBoolean ran = new AtomicBoolean();
        breaker.<Void>execute(() -> {
            ran.set(true);
            Future<T> outcome;
            try {
                outcome = call.get();
            } catch (RuntimeException e) {
                outcome = Future.failedFuture(e);
            }
            outcome.onComplete(result);
            return outcome.transform(done -> done.failed() && counts.test(done.cause())
                    ? Future.failedFuture(done.cause()) : Future.succeededFuture());
        }).onFailure(refused -> {
            if (!ran.get()) {
                result.tryFail(new CircuitOpenException(name));
            }
        });
        return result.future();
    }

    /** The state of the origin's breaker, or empty before its first call. */
    public Optional<CircuitBreakerState> state(String name) {
        return Optional.ofNullable(breakers.get(name)).map(entry -> entry.breaker().state());
    }

    private CircuitBreaker breaker(String name, OriginSettings origin) {
        Entry current = breakers.get(name);
        if (current != null && current.matches(origin)) {
            return current.breaker();
        }
        Entry entry = breakers.compute(name, (key, old) -> old != null && old.matches(origin) ? old : create(key, origin));
        if (current == null) {
            registry.ifPresent(meters -> Gauge.builder("tiergate.origin.breaker.state", breakers, map -> gaugeValue(map.get(name)))
                    .tag("origin", name)
                    .description("Origin circuit breaker: 0 closed, 1 half-open, 2 open")
                    .register(meters));
        }
        return entry.breaker();
    }

    private Entry create(String name, OriginSettings origin) {
        // The origin client's own timeouts bound every call, so the breaker's timeout is off; without a
        // notification address it publishes nothing on the event bus and keeps no periodic timer.
        CircuitBreaker breaker = CircuitBreaker.create("origin-" + name, vertx, new CircuitBreakerOptions()
                .setMaxFailures(origin.breaker().failures())
                .setResetTimeout(origin.breaker().resetTimeout().toMillis())
                .setFailuresRollingWindow(FAILURE_WINDOW.toMillis())
                .setTimeout(-1)
                .setMaxRetries(0)
                .setFallbackOnFailure(false)
                .setNotificationAddress(null));
        breaker.openHandler(ignored -> LOG.warning("origin \"" + name + "\" circuit breaker open: failing requests fast for "
                + origin.breaker().resetTimeout().toMillis() + " ms"));
        breaker.closeHandler(ignored -> LOG.info("origin \"" + name + "\" circuit breaker closed: the origin answers again"));
        return new Entry(origin.url(), origin.breaker(), breaker);
    }

    private static double gaugeValue(Entry entry) {
        if (entry == null) {
            return 0;
        }
        return switch (entry.breaker().state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private record Entry(URI url, OriginSettings.Breaker settings, CircuitBreaker breaker) {
        boolean matches(OriginSettings origin) {
            return url.equals(origin.url()) && settings.equals(origin.breaker());
        }
    }
}
