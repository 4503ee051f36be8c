package dev.tiergate.guard;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Per-route limits on origin requests in flight, so that one slow route cannot hold every origin connection
 * while the others starve. A request takes a {@link Permit} before it goes to the origin and gives it back when
 * the exchange is over; when the route already has its maximum in flight, the request is refused at once rather
 * than queued (a queue in front of a slow origin only makes the wait longer).
 *
 * <p>Counts are per gateway instance, kept in atomics shared by every event loop: thread-safe. Routes without a
 * limit are counted too ({@link #UNLIMITED}), so the gauge {@code tiergate_bulkhead_in_flight{route}} shows every
 * route's origin concurrency; refusals are counted in {@code tiergate_bulkhead_rejections_total{route}}.
 */
public final class Bulkhead {

    /** The limit of a route without a bulkhead. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** The Cache-Status detail of a refusal. */
    public static final String DETAIL = "bulkhead-full";
    /** The status of a refusal. */
    public static final int STATUS = 503;

    private static final Headers REFUSAL = Headers.of("Retry-After", "1");

    private final Optional<MeterRegistry> registry;
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejections = new ConcurrentHashMap<>();

    /** A bulkhead without metrics. */
    public Bulkhead() {
        this.registry = Optional.empty();
    }

    /** A bulkhead that reports each route's requests in flight. */
    public Bulkhead(MeterRegistry registry) {
        this.registry = Optional.of(Objects.requireNonNull(registry, "registry"));
    }

    /** A request that got through; {@link #release()} it when its origin exchange is over. */
    public interface Permit {
        /** Gives the slot back; calling it again does nothing. */
        void release();
    }

    /**
     * Takes a slot on the route, or refuses when {@code max} requests are already in flight.
     *
     * @param max the route's limit; {@link #UNLIMITED} always grants
     */
    public Optional<Permit> tryAcquire(String route, int max) {
        AtomicInteger count = counter(route);
        while (true) {
            int current = count.get();
            if (current >= max) {
                return Optional.empty();
            }
            if (count.compareAndSet(current, current + 1)) {
                return Optional.of(new Slot(count));
            }
        }
    }

    /** Takes a slot under the route's own bulkhead, if it has one. */
    public Optional<Permit> tryAcquire(Route route) {
        return tryAcquire(route.name(), limit(route));
    }

    /**
     * Sends an origin request under the route's bulkhead: refused with a {@link BulkheadFullException} when the
     * route is full; otherwise the slot is held until the response has ended, or failed, or the request failed.
     */
    public Future<HttpClientResponse> send(Route route, Supplier<Future<HttpClientResponse>> send) {
        Optional<Permit> permit = tryAcquire(route);
        if (permit.isEmpty()) {
            registry.ifPresent(meters -> rejections.computeIfAbsent(route.name(), name -> Counter.builder("tiergate.bulkhead.rejections")
                    .description("Origin requests refused because the route's bulkhead was full")
                    .tag("route", name).register(meters)).increment());
            return Future.failedFuture(new BulkheadFullException(route.name(), limit(route)));
        }
        Future<HttpClientResponse> response;
        try {
            response = send.get();
        } catch (RuntimeException e) {
            permit.get().release();
            throw e;
        }
        return holdUntilEnd(permit.get(), response);
    }

    /**
     * Releases the permit when the exchange is over: at once if the request failed, else when the response body
     * has ended or failed (a reset or the idle timeout ends an abandoned one). Returns {@code response} itself.
     */
    public static Future<HttpClientResponse> holdUntilEnd(Permit permit, Future<HttpClientResponse> response) {
        response.onComplete(done -> {
            if (done.failed()) {
                permit.release();
            } else {
                done.result().end().onComplete(ended -> permit.release());
            }
        });
        return response;
    }

    /** Requests in flight on the route now. */
    public int inFlight(String route) {
        AtomicInteger count = inFlight.get(route);
        return count == null ? 0 : count.get();
    }

    /** The fields of a refusal: {@code Retry-After: 1}, a slot usually frees up within a second. */
    public static Headers refusalHeaders() {
        return REFUSAL;
    }

    private static int limit(Route route) {
        return route.bulkhead().map(Route.BulkheadLimit::maxConcurrent).orElse(UNLIMITED);
    }

    private AtomicInteger counter(String route) {
        AtomicInteger existing = inFlight.get(route);
        if (existing != null) {
            return existing;
        }
        AtomicInteger created = inFlight.computeIfAbsent(route, name -> new AtomicInteger());
        registry.ifPresent(meters -> Gauge.builder("tiergate.bulkhead.in.flight", created, AtomicInteger::get)
                .tag("route", route)
                .description("Origin requests in flight per route")
                .register(meters));
        return created;
    }

    /** One granted slot; the flag makes a second release a no-op instead of freeing someone else's slot. */
    private static final class Slot implements Permit {
        private final AtomicInteger count;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }
    }
}
