package dev.tiergate.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tiergate.cache.AdaptiveTtl;
import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.ChangeHistory;
import dev.tiergate.cache.ChangeObservation;
import dev.tiergate.cache.ContentFingerprint;
import dev.tiergate.cache.OriginAnswer;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.http.CacheStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change histories of an instance's adaptive-TTL routes, and the step that gives an origin's answer its
 * learned lifetime. Histories are kept per stored variant (route, URL family and the variant's secondary key:
 * segment, keyed fields and Vary values), so that one segment's content never counts as another's change.
 * Bounded: the least used histories go first, and one not touched for a day is dropped; a lost history only
 * starts that variant again from {@code min}.
 */
final class AdaptiveTtls {

    /** Enough for the variants an instance serves often; each history is about 200 bytes. */
    static final long MAX_HISTORIES = 100_000;
    /** A history unused this long describes content nobody asks for. */
    static final Duration IDLE = Duration.ofDays(1);

    private final Cache<String, ChangeHistory> histories;
    private final AtomicLong decisions = new AtomicLong();

    AdaptiveTtls(InstantSource clock) {
        this.histories = Caffeine.newBuilder().maximumSize(MAX_HISTORIES).expireAfterAccess(IDLE)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run)
                .build();
    }

    /** The history key of one stored variant of a family. */
    static String variantKey(String route, String familyHash, String secondaryKey) {
        return route + "\n" + familyHash + "\n" + secondaryKey;
    }

    /**
     * The answer as the route's adaptive TTL makes it, once its head has arrived. A 304 is an observation of
     * unchanged content, counted at once; a full answer's content is known only once its body is read
     * ({@link #stored}), so its head is planned from the history so far.
     */
    OriginAnswer atHead(String route, String familyHash, CacheRule rule, OriginAnswer answer, Instant now) {
        if (rule.adaptiveTtl().isEmpty()) {
            return answer;
        }
        if (answer instanceof OriginAnswer.Freshened freshened) {
            StoredResponse entry = freshened.entry();
            ChangeHistory history = observe(variantKey(route, familyHash, entry.secondaryKey()),
                    ChangeObservation.notModified(now, ContentFingerprint.of(entry.headers(), entry.body())));
            AdaptiveTtl.Applied applied = counted(AdaptiveTtl.apply(entry, rule, history, now));
            return new OriginAnswer.Freshened(applied.entry(), freshened.clientFields(), status(freshened.cacheStatus(), applied, now));
        }
        if (answer instanceof OriginAnswer.Collect collect) {
            StoredResponse preview = collect.preview();
            ChangeHistory history = histories.getIfPresent(variantKey(route, familyHash, preview.secondaryKey()));
            AdaptiveTtl.Applied applied = AdaptiveTtl.apply(preview, rule, history, now);
            return new OriginAnswer.Collect(applied.entry(), collect.maxBytes(), status(collect.cacheStatus(), applied, now));
        }
        return answer;
    }

    /** A complete full answer about to be stored: its content counted, and its learned lifetime given. */
    StoredResponse stored(String route, String familyHash, CacheRule rule, StoredResponse entry, Instant now) {
        if (rule.adaptiveTtl().isEmpty()) {
            return entry;
        }
        ChangeHistory history = observe(variantKey(route, familyHash, entry.secondaryKey()),
                ChangeObservation.full(now, ContentFingerprint.of(entry.headers(), entry.body())));
        return counted(AdaptiveTtl.apply(entry, rule, history, now)).entry();
    }

    /** The histories of a family's variants on a route, by secondary key, for the admin API. */
    Map<String, ChangeHistory> histories(String route, String familyHash) {
        String prefix = variantKey(route, familyHash, "");
        Map<String, ChangeHistory> found = new java.util.TreeMap<>();
        histories.asMap().forEach((key, history) -> {
            if (key.startsWith(prefix)) {
                found.put(key.substring(prefix.length()), history);
            }
        });
        return found;
    }

    /** The history of one variant, if one is kept. */
    Optional<ChangeHistory> history(String route, String familyHash, String secondaryKey) {
        return Optional.ofNullable(histories.getIfPresent(variantKey(route, familyHash, secondaryKey)));
    }

    /** Stored entries whose lifetime the adaptive TTL decided, since start. */
    long decisions() {
        return decisions.get();
    }

    /** Histories kept now (approximate). */
    long size() {
        return histories.estimatedSize();
    }

    private AdaptiveTtl.Applied counted(AdaptiveTtl.Applied applied) {
        if (applied.changedLifetime()) {
            decisions.incrementAndGet();
        }
        return applied;
    }

    private ChangeHistory observe(String key, ChangeObservation observation) {
        return histories.asMap().compute(key, (ignored, previous) -> ChangeHistory.observe(previous, observation));
    }

    private static CacheStatus status(CacheStatus status, AdaptiveTtl.Applied applied, Instant now) {
        if (!applied.changedLifetime()) {
            return status;
        }
        return status.withStored(applied.entry().ttlSeconds(now)).withAdaptiveTtl(applied.entry().lifetimeSeconds());
    }

}
