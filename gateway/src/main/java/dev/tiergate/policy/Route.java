package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One route of a policy.
 *
 * @param name the route's name, used in metrics, Cache-Status details and purges
 * @param host the hosts it matches
 * @param methods the methods it matches; empty matches every method
 * @param path the path pattern
 * @param origin the name of the origin it forwards to
 * @param cacheRule what the cache does for requests on this route
 * @param key what the cache key is made of
 * @param tags purge tags; {@code {param}} is replaced by the path parameter's value
 * @param tiers the tiers that may hold its entries ({@code l1}, {@code l2}, {@code edge})
 * @param invalidToken what an invalid or missing token means where a JWT segment is keyed
 * @param rateLimit the route's request limit, if any
 * @param forwardHeaders unkeyed request fields a cacheable fetch forwards anyway (lower case); the
 *     operator vouches that they do not change the response, or that the origin says so in Vary
 * @param bulkhead the most origin requests the route may have in flight at once; empty for no limit
 */
public record Route(String name, HostPattern host, Set<String> methods, PathPattern path, String origin, CacheRule cacheRule,
                    KeySpec key, List<String> tags, Set<String> tiers, InvalidToken invalidToken, Optional<RateLimitSpec> rateLimit,
                    List<String> forwardHeaders, Optional<BulkheadLimit> bulkhead) {

    /** Every tier. */
    public static final Set<String> ALL_TIERS = Set.of("l1", "l2", "edge");

    /** What a route does with a request whose token is missing, expired, forged or otherwise invalid. */
    public enum InvalidToken {
        /** Serve it as the segment's default (anonymous) audience. */
        ANONYMOUS,
        /** Answer 401 without touching the cache. */
        REJECT
    }

    /**
     * A route's bulkhead: so that one slow route cannot hold every origin connection while the others starve.
     *
     * @param maxConcurrent origin requests in flight at most, per gateway instance
     */
    public record BulkheadLimit(int maxConcurrent) {

        public BulkheadLimit {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent " + maxConcurrent + " (expected: at least 1)");
            }
        }
    }

    public Route {
        methods = Set.copyOf(methods);
        tags = List.copyOf(tags);
        tiers = Set.copyOf(tiers);
        forwardHeaders = List.copyOf(forwardHeaders);
    }

    /** A route without a bulkhead. */
    public Route(String name, HostPattern host, Set<String> methods, PathPattern path, String origin, CacheRule cacheRule,
                 KeySpec key, List<String> tags, Set<String> tiers, InvalidToken invalidToken, Optional<RateLimitSpec> rateLimit,
                 List<String> forwardHeaders) {
        this(name, host, methods, path, origin, cacheRule, key, tags, tiers, invalidToken, rateLimit, forwardHeaders, Optional.empty());
    }

    /** A route that forwards no unkeyed fields beyond the safe ones. */
    public Route(String name, HostPattern host, Set<String> methods, PathPattern path, String origin, CacheRule cacheRule,
                 KeySpec key, List<String> tags, Set<String> tiers, InvalidToken invalidToken, Optional<RateLimitSpec> rateLimit) {
        this(name, host, methods, path, origin, cacheRule, key, tags, tiers, invalidToken, rateLimit, List.of());
    }

    /** A route with the defaults for everything but its match and cache rule (used by tests and the default route). */
    public Route(String name, Set<String> methods, PathPattern path, CacheRule cacheRule) {
        this(name, HostPattern.ANY, methods, path, Policy.DEFAULT_ORIGIN, cacheRule, KeySpec.DEFAULT, List.of(), ALL_TIERS,
                InvalidToken.ANONYMOUS, Optional.empty());
    }

    /**
     * True when the route matches the request's host, method and path. The path is matched after
     * normalisation, as it is keyed and forwarded: {@code /public/../private} is {@code /private}.
     */
    public boolean matches(String requestHost, String method, String requestPath) {
        return host.matches(requestHost) && matches(method, requestPath);
    }

    /** True when the route matches the request's method and (normalised) path, whatever the host. */
    public boolean matches(String method, String requestPath) {
        return (methods.isEmpty() || methods.contains(method)) && path.match(RequestParts.normalisePath(requestPath)).isPresent();
    }

    /** The route's tags for a request path, with path parameters filled in. */
    public Set<String> tagsFor(String requestPath) {
        Map<String, String> parameters = path.match(requestPath).orElse(Map.of());
        java.util.LinkedHashSet<String> resolved = new java.util.LinkedHashSet<>();
        for (String tag : tags) {
            String value = tag;
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                value = value.replace("{" + parameter.getKey() + "}", parameter.getValue());
            }
            resolved.add(value);
        }
        return resolved;
    }
}
