package dev.tiergate.guard;

import dev.tiergate.policy.RateLimitSpec;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/** Turns Bucket4j's answer for one token into the gateway's decision, rounding waits up to whole seconds. */
final class ProbeDecisions {

    private ProbeDecisions() {
    }

    static RateLimitDecision of(RateLimitSpec spec, ConsumptionProbe probe) {
        long resetSeconds = RateLimiter.ceilSeconds(Duration.ofNanos(probe.getNanosToWaitForReset()));
        if (probe.isConsumed()) {
            return new RateLimitDecision(true, spec.burst(), probe.getRemainingTokens(), 0, resetSeconds);
        }
        // At least 1: a refusal that says "retry in 0 seconds" invites a client to spin.
        long retryAfter = Math.max(1, RateLimiter.ceilSeconds(Duration.ofNanos(probe.getNanosToWaitForRefill())));
        return new RateLimitDecision(false, spec.burst(), probe.getRemainingTokens(), retryAfter, resetSeconds);
    }
}
