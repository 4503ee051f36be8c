package dev.tiergate.store;

import dev.tiergate.cache.VariantSet;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * One cache tier. Keys are primary cache keys; values are all stored variants of that key.
 * Storage never sees an HTTP request: only keys, values and lifetimes.
 */
public interface Tier {

    /** The variants stored under {@code key}; a fault is reported as a failed future, never thrown. */
    Future<Optional<VariantSet>> get(String key);

    /** Stores {@code variants} under {@code key} for {@code retention}. */
    Future<Void> put(String key, VariantSet variants, Duration retention);

    /** Removes {@code key}; removing an absent key succeeds. */
    Future<Void> remove(String key);

    /** Removes every key. */
    Future<Void> clear();
}
