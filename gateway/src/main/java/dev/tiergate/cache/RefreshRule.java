package dev.tiergate.cache;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * When a route refreshes a fresh entry before it expires, in the background while hits keep being
 * served (see {@link EarlyRefresh}).
 *
 * @param beta the XFetch weight ({@code earlyRefresh.beta}); empty when probabilistic early refresh is off.
 *     Larger values refresh earlier.
 * @param aheadSeconds refresh a hot entry once its remaining freshness is below this ({@code refreshAhead.when});
 *     empty when refresh-ahead is off
 * @param minHits the hits an entry needs before refresh-ahead applies to it ({@code refreshAhead.minHits})
 */
public record RefreshRule(OptionalDouble beta, OptionalLong aheadSeconds, long minHits) {

    /** The largest {@code beta} a policy may set: beyond it every hit of a slow-to-fetch entry would refresh. */
    public static final double MAX_BETA = 100;

    /** Neither kind of early refresh. */
    public static final RefreshRule NONE = new RefreshRule(OptionalDouble.empty(), OptionalLong.empty(), 1);

    public RefreshRule {
        if (beta.isPresent() && !(beta.getAsDouble() > 0 && beta.getAsDouble() <= MAX_BETA)) {
            throw new IllegalArgumentException("beta: " + beta.getAsDouble() + " (expected: > 0 and <= " + MAX_BETA + ")");
        }
        if (aheadSeconds.isPresent() && aheadSeconds.getAsLong() <= 0) {
            throw new IllegalArgumentException("aheadSeconds: " + aheadSeconds.getAsLong() + " (expected: > 0)");
        }
        if (minHits < 1) {
            throw new IllegalArgumentException("minHits: " + minHits + " (expected: >= 1)");
        }
    }

    /** True when either kind is on. */
    public boolean enabled() {
        return beta.isPresent() || aheadSeconds.isPresent();
    }

    /** A copy with probabilistic early refresh at {@code newBeta}. */
    public RefreshRule withBeta(double newBeta) {
        return new RefreshRule(OptionalDouble.of(newBeta), aheadSeconds, minHits);
    }

    /** A copy with refresh-ahead below {@code seconds} of freshness for entries hit {@code hits} times. */
    public RefreshRule withAhead(long seconds, long hits) {
        return new RefreshRule(beta, OptionalLong.of(seconds), hits);
    }
}
