package dev.tiergate.plan;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.policy.Route;

/**
 * The first step of a request's plan, taken before any bearer token is read: the request is
 * refused as malformed, or it has a route.
 */
public sealed interface Routing {

    /**
     * The target or the client's {@code Host} (the forwarded one, from a trusted upstream) cannot be trusted: 414
     * when the target is too long, else 400.
     *
     * @param status the status the client gets
     * @param message why, for the response body
     */
    record Malformed(int status, String message) implements Routing {

        /** The reason code of a malformed request, in vectors and {@code Cache-Status}. */
        public static final String REASON = "bad-request";

        public CacheStatus cacheStatus() {
            return CacheStatus.forward("bypass", REASON);
        }
    }

    /**
     * The request's route.
     *
     * @param route the first route that matches host, method and path, or the default route
     * @param client who made the request: its host, address and scheme, and the fields the plan reads
     * @param path the target's path, as sent
     * @param usesToken true when the route keys a JWT segment or limits per JWT subject: the caller
     *     verifies the bearer token before the next step, and only then
     */
    record Routed(Route route, ClientOrigin client, String path, boolean usesToken) implements Routing {

        /** The client's {@code Host}, which the route matched and the key is derived from. */
        public String host() {
            return client.host();
        }
    }
}
