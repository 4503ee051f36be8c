package dev.tiergate.store;

import static dev.tiergate.store.Samples.assertSameVariants;
import static dev.tiergate.store.Samples.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.VariantSet;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Tier} must do, run against each implementation. Keys are unique per test so
 * a shared server needs no cleaning between tests.
 */
abstract class TierContractTest {

    private static final Duration LONG = Duration.ofMinutes(10);

    protected abstract Tier tier();

    /** A retention short enough to watch expire. */
    protected abstract Duration shortRetention();

    /** Lets {@code duration} pass for the tier: a test clock moves, a real server just needs waiting for. */
    protected abstract void letTimePass(Duration duration);

    /** How long expiry may take to show once the retention has passed. */
    protected Duration expiryGrace() {
        return Duration.ofSeconds(5);
    }

    private static String newKey() {
        return "https://example.test/" + UUID.randomUUID();
    }

    private Optional<VariantSet> get(String key) {
        return await(tier().get(key));
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(get(newKey())).isEmpty();
    }

    @Test
    void putThenGetReturnsTheVariants() {
        String key = newKey();
        await(tier().put(key, Samples.entry("one"), LONG));
        assertSameVariants(get(key), Samples.entry("one"));
    }

    @Test
    void putReplacesThePreviousValue() {
        String key = newKey();
        await(tier().put(key, Samples.entry("one"), LONG));
        await(tier().put(key, Samples.entry("two"), LONG));
        assertSameVariants(get(key), Samples.entry("two"));
    }

    @Test
    void keysAreIndependent() {
        String first = newKey();
        String second = newKey();
        await(tier().put(first, Samples.entry("first"), LONG));
        await(tier().put(second, Samples.entry("second"), LONG));
        await(tier().remove(first));
        assertThat(get(first)).isEmpty();
        assertSameVariants(get(second), Samples.entry("second"));
    }

    @Test
    void removeDeletesAndRemovingAnAbsentKeySucceeds() {
        String key = newKey();
        await(tier().put(key, Samples.entry("one"), LONG));
        await(tier().remove(key));
        assertThat(get(key)).isEmpty();
        await(tier().remove(key));
    }

    @Test
    void clearRemovesEveryKey() {
        String[] keys = {newKey(), newKey(), newKey()};
        for (String key : keys) {
            await(tier().put(key, Samples.entry(key), LONG));
        }
        await(tier().clear());
        for (String key : keys) {
            assertThat(get(key)).isEmpty();
        }
    }

    @Test
    void zeroRetentionLeavesNothingBehind() {
        String key = newKey();
        await(tier().put(key, Samples.entry("old"), LONG));
        await(tier().put(key, Samples.entry("new"), Duration.ZERO));
        assertThat(get(key)).isEmpty();
    }

    @Test
    void entryExpiresAfterItsRetention() {
        String key = newKey();
        Duration retention = shortRetention();
        await(tier().put(key, Samples.entry("brief"), retention));
        assertThat(get(key)).isPresent();
        letTimePass(retention.plusMillis(1));
        Samples.eventually(expiryGrace(), "entry expired", () -> get(key).isEmpty());
    }
}
