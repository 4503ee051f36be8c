package dev.tiergate.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies purges to stored responses by comparing their stamps with the current generations
 * (pure: the caller supplies the generations it knows).
 */
public final class GenerationCheck {

    /** What purges mean for one stored response, worst last. */
    public enum Verdict {
        /** Stored after every purge of its scopes. */
        CURRENT,
        /** Soft-purged: serve it only as an expired response (stale-while-revalidate, revalidation). */
        STALE,
        /** A scope's generation is not known here: it cannot be proven current, so it is not used. */
        UNKNOWN,
        /** Hard-purged: absent. */
        PURGED
    }

    private GenerationCheck() {
    }

    /**
     * The verdict for a response stored under {@code family}.
     *
     * @param current the current generation of a scope, empty when unknown
     */
    public static Verdict verdict(StoredResponse entry, String family, Function<String, Optional<GenerationCounter>> current) {
        Verdict worst = Verdict.CURRENT;
        for (Map.Entry<String, Long> scope : entry.generations().byScope(family).entrySet()) {
            Optional<GenerationCounter> counter = current.apply(scope.getKey());
            Verdict verdict = counter.map(known -> known.judge(scope.getValue())).orElse(Verdict.UNKNOWN);
            if (verdict.compareTo(worst) > 0) {
                worst = verdict;
            }
        }
        return worst;
    }

    /**
     * The variants a request may use: hard-purged and unprovable ones removed, soft-purged ones
     * expired as of {@code now}; empty when none remain.
     */
    public static Optional<VariantSet> apply(VariantSet variants, String family, Function<String, Optional<GenerationCounter>> current,
                                             Instant now) {
        List<StoredResponse> usable = new ArrayList<>(variants.variants().size());
        boolean changed = false;
        for (StoredResponse variant : variants.variants()) {
            Verdict verdict = verdict(variant, family, current);
            switch (verdict) {
                case CURRENT -> usable.add(variant);
                case STALE -> {
                    StoredResponse expired = variant.asExpired(now);
                    changed |= expired != variant;
                    usable.add(expired);
                }
                default -> changed = true;
            }
        }
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(changed ? new VariantSet(usable) : variants);
    }

    /** True when a purge of {@code scope} reaches the response stored under {@code family}. */
    public static boolean covers(StoredResponse entry, String family, String scope) {
        if (scope.equals(Generations.ALL) || scope.equals(Generations.familyScope(family))) {
            return true;
        }
        if (scope.startsWith("t:")) {
            return entry.tags().contains(scope.substring(2)) || entry.generations().tags().containsKey(scope.substring(2));
        }
        return scope.equals(Generations.routeScope(entry.generations().route())) && !entry.generations().route().isEmpty();
    }
}
