package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.VariantSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** L1 in front of L2: shared reads, and routes that keep entries out of process memory. */
class TieredStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** A real in-memory tier standing in for L2 whose reads complete only when the test says so. */
    private static final class GatedTier implements Tier {
        final MemoryTier delegate = new MemoryTier(1 << 20, () -> NOW);
        final AtomicInteger reads = new AtomicInteger();
        final List<Promise<Void>> gates = new ArrayList<>();

        @Override
        public Future<Optional<VariantSet>> get(String key) {
            reads.incrementAndGet();
            Promise<Void> gate = Promise.promise();
            gates.add(gate);
            return gate.future().compose(ignored -> delegate.get(key));
        }

        @Override
        public Future<Void> put(String key, VariantSet variants, Duration retention) {
            return delegate.put(key, variants, retention);
        }

        @Override
        public Future<Void> remove(String key) {
            return delegate.remove(key);
        }

        @Override
        public Future<Void> clear() {
            return delegate.clear();
        }
    }

    @Test
    void concurrentReadsOfOneKeyShareOneL2Call() {
        GatedTier l2 = new GatedTier();
        TieredStore store = new TieredStore(vertx, new MemoryTier(1 << 20, () -> NOW), Optional.of(l2), new SimpleMeterRegistry(), 5,
                Duration.ofSeconds(5));

        Future<Optional<VariantSet>> first = store.l2("k", "", CacheRule.RESPECT_ORIGIN, NOW, true);
        Future<Optional<VariantSet>> second = store.l2("k", "", CacheRule.RESPECT_ORIGIN, NOW, true);
        Future<Optional<VariantSet>> other = store.l2("other", "", CacheRule.RESPECT_ORIGIN, NOW, true);
        l2.gates.forEach(Promise::complete);

        assertThat(l2.reads).hasValue(2);
        assertThat(first.await()).isEmpty();
        assertThat(second.await()).isEmpty();
        assertThat(other.await()).isEmpty();
        // Once a read has completed, the next one goes to L2 again.
        store.l2("k", "", CacheRule.RESPECT_ORIGIN, NOW, true);
        assertThat(l2.reads).hasValue(3);
    }

    @Test
    void entryForASharedOnlyRouteIsNotHeldInL1() {
        MemoryTier l1 = new MemoryTier(1 << 20, () -> NOW);
        TieredStore store = TieredStore.l1Only(vertx, l1, new SimpleMeterRegistry());

        store.put("k", "", new VariantSet(List.of()), Duration.ofSeconds(60), false, true);

        assertThat(l1.keys()).isEmpty();
    }
}
