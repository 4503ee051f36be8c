package dev.tiergate.proxy;

import dev.tiergate.cache.AdaptiveTtl;
import dev.tiergate.cache.AdaptiveTtlRule;
import dev.tiergate.cache.ChangeHistory;
import dev.tiergate.policy.CacheKey;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** What this instance has learned about a URL's content, for the admin API's {@code GET /adaptive?url=}. */
public final class LearnedTtls {

    /**
     * One stored variant's history and the lifetime it earns now.
     *
     * @param variant the variant's secondary key (segment, keyed fields, Vary values); empty for the plain variant
     */
    public record Variant(String variant, ChangeHistory history, long learnedTtlSeconds) {
    }

    /**
     * @param route the route a GET of the URL takes
     * @param key its URL family
     * @param rule the route's adaptive TTL; empty when the route has none (and nothing is learned)
     */
    public record Report(String route, CacheKey key, Optional<AdaptiveTtlRule> rule, List<Variant> variants) {
    }

    private final AtomicReference<ActivePolicy> policy;
    private final AdaptiveTtls adaptive;
    private final InstantSource clock;

    LearnedTtls(AtomicReference<ActivePolicy> policy, AdaptiveTtls adaptive, InstantSource clock) {
        this.policy = policy;
        this.adaptive = adaptive;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL or cannot be keyed
     */
    public Report explain(String url) {
        UrlKeys.Keyed keyed = UrlKeys.of(policy.get().policy(), url);
        Optional<AdaptiveTtlRule> rule = keyed.route().cacheRule().adaptiveTtl();
        List<Variant> variants = new java.util.ArrayList<>();
        if (rule.isPresent()) {
            for (Map.Entry<String, ChangeHistory> held : adaptive.histories(keyed.route().name(), keyed.key().hash()).entrySet()) {
                variants.add(new Variant(held.getKey(), held.getValue(),
                        AdaptiveTtl.learnedSeconds(held.getValue(), rule.get(), clock.instant())));
            }
        }
        return new Report(keyed.route().name(), keyed.key(), rule, variants);
    }

    /** Stored entries whose lifetime the adaptive TTL decided, since start. */
    public long decisions() {
        return adaptive.decisions();
    }
}
