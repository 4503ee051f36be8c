package dev.tiergate.policy;

import dev.tiergate.http.Cidr;
import java.util.List;
import java.util.Optional;

/**
 * Which upstreams' forwarding fields the gateway believes ({@code server.trustedUpstreams}), such as the edge
 * worker's: those that connect from an address in {@code cidrs}, those that send the shared secret in
 * {@code Tiergate-Edge-Auth}, or, when both are set, those that do both. The policy names the environment
 * variable that holds the secret, never the secret itself.
 *
 * @param cidrs the address ranges trusted peers connect from; empty when the secret alone decides
 * @param secretEnv the environment variable holding the shared secret; empty when the address alone decides
 */
public record TrustedUpstreams(List<Cidr> cidrs, Optional<String> secretEnv) {

    /** No upstream is trusted: every request's host, client address and scheme are its connection's. */
    public static final TrustedUpstreams NONE = new TrustedUpstreams(List.of(), Optional.empty());
    /** Named like the gateway's other variables ({@code TIERGATE_ADMIN_TOKEN}, {@code TIERGATE_REDIS_URL}). */
    public static final String EXAMPLE_SECRET_ENV = "TIERGATE_EDGE_SECRET";
    /** A shorter secret could be guessed; 32 random hex digits ({@code openssl rand -hex 16}) are plenty. */
    public static final int MIN_SECRET_LENGTH = 16;

    public TrustedUpstreams {
        cidrs = List.copyOf(cidrs);
    }

    /** True when some upstream may be trusted: a range or a secret is set. */
    public boolean isEnabled() {
        return !cidrs.isEmpty() || secretEnv.isPresent();
    }

    /** True when {@code address} is an address literal inside one of the trusted ranges. */
    public boolean inRange(String address) {
        for (Cidr cidr : cidrs) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
