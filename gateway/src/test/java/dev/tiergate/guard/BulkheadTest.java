package dev.tiergate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.policy.HostPattern;
import dev.tiergate.policy.KeySpec;
import dev.tiergate.policy.PathPattern;
import dev.tiergate.policy.Route;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private final Bulkhead bulkhead = new Bulkhead();

    @Test
    void grantsUpToTheLimitThenRefuses() {
        Optional<Bulkhead.Permit> first = bulkhead.tryAcquire("search", 2);
        Optional<Bulkhead.Permit> second = bulkhead.tryAcquire("search", 2);

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(bulkhead.tryAcquire("search", 2)).isEmpty();
        assertThat(bulkhead.inFlight("search")).isEqualTo(2);
    }

    @Test
    void releasingFreesASlot() {
        Bulkhead.Permit permit = bulkhead.tryAcquire("search", 1).orElseThrow();
        permit.release();

        assertThat(bulkhead.inFlight("search")).isZero();
        assertThat(bulkhead.tryAcquire("search", 1)).isPresent();
    }

    @Test
    void releasingTwiceFreesOnlyOneSlot() {
        Bulkhead.Permit mine = bulkhead.tryAcquire("search", 2).orElseThrow();
        bulkhead.tryAcquire("search", 2).orElseThrow();

        mine.release();
        mine.release();

        assertThat(bulkhead.inFlight("search")).isEqualTo(1);
        assertThat(bulkhead.tryAcquire("search", 2)).isPresent();
        assertThat(bulkhead.tryAcquire("search", 2)).as("the other holder's slot was not freed").isEmpty();
    }

    @Test
    void routesHaveSeparateCounts() {
        bulkhead.tryAcquire("search", 1).orElseThrow();

        assertThat(bulkhead.tryAcquire("search", 1)).isEmpty();
        assertThat(bulkhead.tryAcquire("products", 1)).isPresent();
    }

    @Test
    void aRouteWithoutABulkheadIsCountedButNeverRefused() {
        Route unlimited = route(Optional.empty());
        for (int i = 0; i < 1000; i++) {
            assertThat(bulkhead.tryAcquire(unlimited)).isPresent();
        }
        assertThat(bulkhead.inFlight("r")).isEqualTo(1000);
    }

    @Test
    void aRouteWithABulkheadUsesItsLimit() {
        Route limited = route(Optional.of(new Route.BulkheadLimit(1)));

        assertThat(bulkhead.tryAcquire(limited)).isPresent();
        assertThat(bulkhead.tryAcquire(limited)).isEmpty();
    }

    @Test
    void sendRefusesWithABulkheadFullFailureWithoutCallingTheOrigin() {
        Route limited = route(Optional.of(new Route.BulkheadLimit(1)));
        bulkhead.tryAcquire(limited).orElseThrow();
        AtomicInteger sent = new AtomicInteger();

        Future<HttpClientResponse> refused = bulkhead.send(limited, () -> {
            sent.incrementAndGet();
            return Future.failedFuture("unreachable");
        });

        assertThat(sent).hasValue(0);
        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).isInstanceOf(BulkheadFullException.class);
        assertThat(dev.tiergate.proxy.OriginFailure.of(refused.cause()).kind()).isEqualTo(dev.tiergate.proxy.OriginFailure.Kind.BULKHEAD_FULL);
        assertThat(dev.tiergate.proxy.OriginFailure.of(refused.cause()).status()).isEqualTo(503);
    }

    @Test
    void sendReleasesTheSlotWhenTheRequestFails() {
        Route limited = route(Optional.of(new Route.BulkheadLimit(1)));

        Future<HttpClientResponse> failed = bulkhead.send(limited, () -> Future.failedFuture(new java.net.ConnectException("refused")));

        assertThat(failed.failed()).isTrue();
        assertThat(bulkhead.inFlight("r")).isZero();
    }

    @Test
    void refusalsTellClientsToComeBackInASecond() {
        assertThat(Bulkhead.refusalHeaders().first("Retry-After")).hasValue("1");
        assertThat(Bulkhead.DETAIL).isEqualTo("bulkhead-full");
    }

    @Test
    void concurrentAcquiresFromManyThreadsNeverExceedTheLimit() throws Exception {
        int threads = 16;
        int limit = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try {
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < 2_000; i++) {
                            Optional<Bulkhead.Permit> permit = bulkhead.tryAcquire("hot", limit);
                            if (permit.isPresent()) {
                                granted.incrementAndGet();
                                peak.accumulateAndGet(bulkhead.inFlight("hot"), Math::max);
                                permit.get().release();
                                permit.get().release();
                            }
                        }
                    } catch (Throwable e) {
                        error.set(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(error.get()).isNull();
        assertThat(granted.get()).isPositive();
        assertThat(peak.get()).isLessThanOrEqualTo(limit);
        assertThat(bulkhead.inFlight("hot")).as("every permit returned exactly once").isZero();
    }

    @Test
    void theGaugeShowsEachRoutesRequestsInFlight() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Bulkhead measured = new Bulkhead(registry);

        Bulkhead.Permit permit = measured.tryAcquire("search", 10).orElseThrow();
        measured.tryAcquire("search", 10).orElseThrow();

        assertThat(registry.get("tiergate.bulkhead.in.flight").tag("route", "search").gauge().value()).isEqualTo(2.0);
        permit.release();
        assertThat(registry.get("tiergate.bulkhead.in.flight").tag("route", "search").gauge().value()).isEqualTo(1.0);
    }

    private static Route route(Optional<Route.BulkheadLimit> limit) {
        return new Route("r", HostPattern.ANY, Set.of(), PathPattern.compile("/**"), "default", CacheRule.RESPECT_ORIGIN, KeySpec.DEFAULT,
                List.of(), Route.ALL_TIERS, Route.InvalidToken.ANONYMOUS, Optional.empty(), List.of(), limit);
    }
}
