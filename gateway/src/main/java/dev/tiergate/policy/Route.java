package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import java.util.Set;

/**
 * One route of a policy.
 *
 * @param name the route's name, used in metrics and Cache-Status details
 * @param methods the methods it matches; empty matches every method
 * @param path the path pattern
 * @param cacheRule what the cache does for requests on this route
 */
public record Route(String name, Set<String> methods, PathPattern path, CacheRule cacheRule) {

    /** True when the route matches the request's method and path. */
    public boolean matches(String method, String path) {
        return (methods.isEmpty() || methods.contains(method)) && this.path.match(path).isPresent();
    }
}
