package dev.tiergate.proxy;

import dev.tiergate.plan.RequestPlan;
import dev.tiergate.guard.JwtVerifier;
import dev.tiergate.http.ForwardingHeaders;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyProblem;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.policy.TrustedUpstreams;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A policy with what it needs at run time (its token verifier, the trusted upstreams' secret), built and
 * swapped as one so that a reload never pairs a new policy with old keys.
 *
 * @param policy the policy
 * @param verifier the token verifier, when the policy configures JWTs
 * @param upstreamSecret the secret trusted upstreams send, read from the variable {@code server.trustedUpstreams.secretEnv}
 *     names; empty when the policy names none
 */
public record ActivePolicy(Policy policy, Optional<JwtVerifier> verifier, Optional<String> upstreamSecret) {

    /**
     * Builds the run-time parts of a policy; a JWKS that cannot be read, or a trusted upstreams' secret whose
     * variable is not set, is a policy problem.
     *
     * @param environment a variable's value, or null when it is unset ({@code System::getenv} outside tests)
     * @throws PolicyException when the policy's key material is unusable
     */
    public static ActivePolicy of(Policy policy, InstantSource clock, UnaryOperator<String> environment) throws PolicyException {
        return new ActivePolicy(policy, verifier(policy, clock), upstreamSecret(policy, environment));
    }

    /**
     * The policy's token verifier, when it configures JWTs.
     *
     * @throws PolicyException when its JWKS cannot be read
     */
    public static Optional<JwtVerifier> verifier(Policy policy, InstantSource clock) throws PolicyException {
        if (policy.jwt().isEmpty()) {
            return Optional.empty();
        }
        Path source = Path.of(policy.source()).toAbsolutePath();
        Path directory = source.getParent() == null ? Path.of(".").toAbsolutePath() : source.getParent();
        try {
            return Optional.of(new JwtVerifier(policy.jwt().get(), directory, clock));
        } catch (IllegalArgumentException e) {
            throw new PolicyException(List.of(new PolicyProblem(policy.source(), 0, "jwt.jwks", e.getMessage())));
        }
    }

    /**
     * A policy that trusts upstreams by a secret, without the secret, could trust nobody: refused like any other
     * configuration error, naming the variable and never a value.
     */
    private static Optional<String> upstreamSecret(Policy policy, UnaryOperator<String> environment) throws PolicyException {
        Optional<String> name = policy.trustedUpstreams().secretEnv();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String value = environment.apply(name.get());
        String secret = value == null ? "" : value.trim();
        String path = "server.trustedUpstreams.secretEnv";
        if (secret.isEmpty()) {
            throw new PolicyException(List.of(new PolicyProblem(policy.source(), 0, path, "the environment variable " + name.get()
                    + " is not set (expected: the secret trusted upstreams send in " + ForwardingHeaders.UPSTREAM_SECRET_FIELD
                    + ", the edge worker's TIERGATE_UPSTREAM_SECRET; without it no upstream could be trusted, so the gateway does not start)")));
        }
        if (secret.length() < TrustedUpstreams.MIN_SECRET_LENGTH) {
            throw new PolicyException(List.of(new PolicyProblem(policy.source(), 0, path, "the environment variable " + name.get()
                    + " holds " + secret.length() + " characters (expected: at least " + TrustedUpstreams.MIN_SECRET_LENGTH
                    + ", such as the output of openssl rand -hex 16)")));
        }
        return Optional.of(secret);
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

    /** Never the secret's value: a policy may be logged, the secret may not. */
    @Override
    public String toString() {
        return "ActivePolicy[policy=" + policy.source() + ", verifier=" + verifier.isPresent() + ", upstreamSecret="
                + (upstreamSecret.isPresent() ? "(set)" : "(none)") + "]";
    }

    /** True when the route keys a JWT segment or limits per JWT subject. */
    public boolean usesToken(Route route) {
        return RequestPlan.usesToken(policy, route);
    }
}
