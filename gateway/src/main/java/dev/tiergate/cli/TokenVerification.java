package dev.tiergate.cli;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.proxy.ActivePolicy;
import java.time.InstantSource;

/** Token verification for the CLI: the same verifier the gateway builds from the policy. */
final class TokenVerification {

    private TokenVerification() {
    }

    static TokenResult verify(Policy policy, Headers headers) {
        try {
            return ActivePolicy.verifier(policy, InstantSource.system()).map(verifier -> verifier.verify(headers))
                    .orElse(TokenResult.NONE);
        } catch (PolicyException e) {
            e.problems().forEach(problem -> System.err.println(problem));
            return TokenResult.invalid("keys-unavailable");
        }
    }
}
