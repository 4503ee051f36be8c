package dev.tiergate.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated policy: immutable, swapped as a whole on reload.
 *
 * @param source the file it came from
 * @param origins the origins by name; {@link #DEFAULT_ORIGIN} is used by routes that name none
 * @param server where the gateway and its admin API listen
 * @param l1MaxBytes the in-process tier's capacity
 * @param l2 the regional Redis tier, if any
 * @param segments segment definitions by name
 * @param jwt token verification settings, when any segment or limit uses JWTs
 * @param routes the routes in order; the first match wins
 * @param defaultRoute the route for requests no route matches
 * @param edge the edge tier's purge API, when the admin API's purges are forwarded to it
 * @param tracing where the gateway exports its spans; empty when it does not trace
 */
public record Policy(String source, Map<String, OriginSettings> origins, ServerSettings server, long l1MaxBytes,
                     Optional<L2Settings> l2, Map<String, SegmentDefinition> segments, Optional<JwtSettings> jwt, List<Route> routes, Route defaultRoute,
                     Optional<CloudflareSettings> edge, Optional<TracingSettings> tracing) {

    /** 256 MiB of responses in process memory. */
    public static final long DEFAULT_L1_MAX_BYTES = 256L * 1024 * 1024;
    /** The name of the origin a route uses when it names none. */
    public static final String DEFAULT_ORIGIN = "default";

    public Policy {
        // Order matters: without a "default" origin, the first one declared is the default.
        origins = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(origins));
        segments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(segments));
        routes = List.copyOf(routes);
    }

    /** The first route that matches host, method and path, or the default route. */
    public Route route(String host, String method, String path) {
        for (Route route : routes) {
            if (route.matches(host, method, path)) {
                return route;
            }
        }
        return defaultRoute;
    }

    /** The first route that matches method and path, whatever its host, or the default route. */
    public Route route(String method, String path) {
        for (Route route : routes) {
            if (route.matches(method, path)) {
                return route;
            }
        }
        return defaultRoute;
    }

    /** The upstreams whose forwarding fields are believed ({@code server.trustedUpstreams}). */
    public TrustedUpstreams trustedUpstreams() {
        return server.trustedUpstreams();
    }

    /** The default origin (the first one when no origin is called "default"). */
    public OriginSettings origin() {
        return origins.getOrDefault(DEFAULT_ORIGIN, origins.values().iterator().next());
    }

    /** The origin a route forwards to. */
    public OriginSettings originOf(Route route) {
        OriginSettings named = origins.get(route.origin());
        return named != null ? named : origin();
    }

    /** A copy with overridden default origin and listeners (command-line flags win over the file). */
    public Policy with(OriginSettings newOrigin, ServerSettings newServer) {
        java.util.Map<String, OriginSettings> updated = new java.util.LinkedHashMap<>(origins);
        String defaultName = origins.containsKey(DEFAULT_ORIGIN) || origins.isEmpty() ? DEFAULT_ORIGIN : origins.keySet().iterator().next();
        updated.put(defaultName, newOrigin);
        return new Policy(source, updated, newServer, l1MaxBytes, l2, segments, jwt, routes, defaultRoute, edge, tracing);
    }

    /** A copy with another L2 (the {@code --redis} flag). */
    public Policy withL2(Optional<L2Settings> newL2) {
        return new Policy(source, origins, server, l1MaxBytes, newL2, segments, jwt, routes, defaultRoute, edge, tracing);
    }

    /** A copy that traces to {@code newTracing}, or not at all. */
    public Policy withTracing(Optional<TracingSettings> newTracing) {
        return new Policy(source, origins, server, l1MaxBytes, l2, segments, jwt, routes, defaultRoute, edge, newTracing);
    }
}
