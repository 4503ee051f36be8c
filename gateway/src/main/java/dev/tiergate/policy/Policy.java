package dev.tiergate.policy;

import java.util.List;

/**
 * A loaded, validated policy: immutable, swapped as a whole on reload.
 *
 * @param source the file it came from
 * @param origin the origin and its timeouts
 * @param server where the gateway and its admin API listen
 * @param l1MaxBytes the in-process tier's capacity
 * @param routes the routes in order; the first match wins
 * @param defaultRoute the route for requests no route matches
 */
public record Policy(String source, OriginSettings origin, ServerSettings server, long l1MaxBytes, List<Route> routes,
                     Route defaultRoute) {

    /** 256 MiB of responses in process memory. */
    public static final long DEFAULT_L1_MAX_BYTES = 256L * 1024 * 1024;

    public Policy {
        routes = List.copyOf(routes);
    }

    /** The first route that matches, or the default route. */
    public Route route(String method, String path) {
        for (Route route : routes) {
            if (route.matches(method, path)) {
                return route;
            }
        }
        return defaultRoute;
    }

    /** A copy with overridden origin and listeners (command-line flags win over the file). */
    public Policy with(OriginSettings newOrigin, ServerSettings newServer) {
        return new Policy(source, newOrigin, newServer, l1MaxBytes, routes, defaultRoute);
    }
}
