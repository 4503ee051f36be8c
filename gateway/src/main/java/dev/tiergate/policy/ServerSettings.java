package dev.tiergate.policy;

import java.time.Duration;

/**
 * Listening addresses of the proxy and of the admin API, and how long and how much the proxy waits for its clients.
 *
 * @param host the proxy's bind address
 * @param port the proxy's port
 * @param adminHost the admin API's bind address
 * @param adminPort the admin API's port
 * @param clients the proxy's timeouts and limits for client connections
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort, ClientLimits clients) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;

    /** The defaults: both on loopback, 8080 and 9090, the default client limits. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT);

    /** Listeners with the default client limits. */
    public ServerSettings(String host, int port, String adminHost, int adminPort) {
        this(host, port, adminHost, adminPort, ClientLimits.DEFAULTS);
    }

    /** A copy with other listeners and the same client limits (command-line flags, tests on free ports). */
    public ServerSettings withListeners(String newHost, int newPort, String newAdminHost, int newAdminPort) {
        return new ServerSettings(newHost, newPort, newAdminHost, newAdminPort, clients);
    }

    /**
     * What a client connection may take before the proxy gives up on it, so that one slow or hostile client holds
     * nothing for long.
     *
     * @param headerTimeout from accepting a connection until its first request head is complete
     * @param idleTimeout from the end of a response until the connection's next request head is complete (keep-alive)
     * @param bodyTimeout the longest pause in a request body while the gateway is ready to read it: before its first
     *     piece and between two pieces (a client that pauses longer gets {@code 408})
     * @param maxConnectionsPerClient open connections from one client address at most; 0 for no limit
     */
    public record ClientLimits(Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout, int maxConnectionsPerClient) {

        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
        /** Longer than the 60 s idle timeout common in load balancers, so they, not the gateway, close idle connections. */
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
        public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
        /** No limit: behind a load balancer or the edge, many clients share one address. */
        public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 0;

        public static final ClientLimits DEFAULTS = new ClientLimits(DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_CLIENT);

        public ClientLimits {
            if (!positive(headerTimeout) || !positive(idleTimeout) || !positive(bodyTimeout)) {
                throw new IllegalArgumentException("timeouts: " + headerTimeout + ", " + idleTimeout + ", " + bodyTimeout
                        + " (expected: positive)");
            }
            if (maxConnectionsPerClient < 0) {
                throw new IllegalArgumentException("maxConnectionsPerClient: " + maxConnectionsPerClient + " (expected: >= 0)");
            }
        }

        private static boolean positive(Duration duration) {
            return !duration.isNegative() && !duration.isZero();
        }
    }
}
