package dev.tiergate.proxy;

import dev.tiergate.plan.RequestPlan;
import dev.tiergate.guard.JwtVerifier;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyProblem;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.TokenResult;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * A policy with what it needs at run time (its token verifier), built and swapped as one so that
 * a reload never pairs a new policy with old keys.
 *
 * @param policy the policy
 * @param verifier the token verifier, when the policy configures JWTs
 */
public record ActivePolicy(Policy policy, Optional<JwtVerifier> verifier) {

    /**
     * Builds the run-time parts of a policy; a JWKS that cannot be read is a policy problem.
     *
     * @throws PolicyException when the policy's key material is unusable
     */
    public static ActivePolicy of(Policy policy, InstantSource clock) throws PolicyException {
        if (policy.jwt().isEmpty()) {
            return new ActivePolicy(policy, Optional.empty());
        }
        Path source = Path.of(policy.source()).toAbsolutePath();
        Path directory = source.getParent() == null ? Path.of(".").toAbsolutePath() : source.getParent();
        try {
            return new ActivePolicy(policy, Optional.of(new JwtVerifier(policy.jwt().get(), directory, clock)));
        } catch (IllegalArgumentException e) {
            throw new PolicyException(List.of(new PolicyProblem(policy.source(), 0, "jwt.jwks", e.getMessage())));
        }
    }

    /**
     * The request's token, verified only when the route needs it (a JWT segment or a per-subject
     * limit), so that routes without token semantics pay nothing for it.
     */
    public TokenResult token(Route route, Headers headers) {
        if (verifier.isEmpty() || !usesToken(route)) {
            return TokenResult.NONE;
        }
        return verifier.get().verify(headers);
    }

    /** True when the route keys a JWT segment or limits per JWT subject. */
    public boolean usesToken(Route route) {
        return RequestPlan.usesToken(policy, route);
    }
}
