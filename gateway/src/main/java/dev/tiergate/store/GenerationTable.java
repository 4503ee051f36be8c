package dev.tiergate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tiergate.cache.GenerationCounter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's view of the purge generations.
 *
 * <p>Without L2 the table is <em>authoritative</em>: purges happen only here, so a scope it does
 * not hold was never purged (zero), and only purged scopes take memory. With L2 the truth is in
 * Redis and the table is a bounded cache of it, kept current by bus messages; a scope it does not
 * hold is <em>unknown</em> and must be read from Redis before an entry stamped with it is used.
 *
 * <p>When Redis cannot be read, a scope can be <em>assumed</em> at zero so that L1 keeps working:
 * such a value is provisional. It is good enough to judge entries this instance fetched during the
 * outage, but never an entry read from L2, and it is replaced by the first successful read.
 */
public final class GenerationTable {

    /** Scopes cached locally with L2; an evicted one is read again from Redis when next needed. */
    static final long MAX_CACHED_SCOPES = 200_000;

    private final boolean authoritative;
    private final Map<String, GenerationCounter> purged = new ConcurrentHashMap<>();
    private final Cache<String, GenerationCounter> cached;
    private final java.util.Set<String> provisional = ConcurrentHashMap.newKeySet();

    private GenerationTable(boolean authoritative, long maxCached) {
        this.authoritative = authoritative;
        this.cached = Caffeine.newBuilder().maximumSize(maxCached).executor(Runnable::run).build();
    }

    /** The table of a gateway without L2. */
    public static GenerationTable authoritative() {
        return new GenerationTable(true, 1);
    }

    /** The table of a gateway whose generations live in Redis. */
    public static GenerationTable cacheOfShared() {
        return new GenerationTable(false, MAX_CACHED_SCOPES);
    }

    public boolean isAuthoritative() {
        return authoritative;
    }

    /** The scope's generation, or empty when it must be read from Redis first. */
    public Optional<GenerationCounter> known(String scope) {
        if (authoritative) {
            return Optional.of(purged.getOrDefault(scope, GenerationCounter.ZERO));
        }
        return Optional.ofNullable(cached.getIfPresent(scope));
    }

    /** The scope's generation when it was read from Redis (or heard on the bus), not merely assumed. */
    public Optional<GenerationCounter> confirmed(String scope) {
        return provisional.contains(scope) ? Optional.empty() : known(scope);
    }

    /** True when the scope should be read from Redis: unknown, or only assumed. */
    public boolean needsRead(String scope) {
        return confirmed(scope).isEmpty();
    }

    /** Records an observation of the scope (a read, a bus message); never moves a counter back. */
    public GenerationCounter merge(String scope, GenerationCounter counter) {
        if (authoritative) {
            return counter.equals(GenerationCounter.ZERO) ? known(scope).orElseThrow() : purged.merge(scope, counter, GenerationCounter::merge);
        }
        GenerationCounter merged = cached.asMap().merge(scope, counter, GenerationCounter::merge);
        provisional.remove(scope);
        return merged;
    }

    /** Redis could not be read: takes the scope as never purged, provisionally, unless something is known of it. */
    public GenerationCounter assume(String scope) {
        if (authoritative) {
            return known(scope).orElseThrow();
        }
        return cached.asMap().computeIfAbsent(scope, ignored -> {
            provisional.add(scope);
            return GenerationCounter.ZERO;
        });
    }

    /** A purge recorded only here (no L2, or L2 unreachable): the counter goes up from what is known, or zero. */
    public GenerationCounter bumpLocally(String scope, boolean hard) {
        Map<String, GenerationCounter> map = authoritative ? purged : cached.asMap();
        return map.compute(scope, (ignored, current) -> (current == null ? GenerationCounter.ZERO : current).next(hard));
    }

    /** Forgets every cached generation (after the bus was lost: any of them may have moved since). */
    public void clear() {
        if (!authoritative) {
            cached.invalidateAll();
            provisional.clear();
        }
    }

    /** Scopes held locally. */
    public long size() {
        return authoritative ? purged.size() : cached.estimatedSize();
    }
}
