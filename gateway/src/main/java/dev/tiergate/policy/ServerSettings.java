package dev.tiergate.policy;

import java.time.Duration;

/**
 * Listening addresses of the proxy and of the admin API, and how the gateway drains on SIGTERM.
 *
 * @param host the proxy's bind address
 * @param port the proxy's port
 * @param adminHost the admin API's bind address
 * @param adminPort the admin API's port
 * @param drainDelay how long the proxy keeps accepting connections after the signal, with readiness already
 *     failing, so that load balancers stop sending traffic before connections are refused
 * @param drainTimeout how long requests in flight (and background refreshes and L2 writes) then have to finish
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort, Duration drainDelay, Duration drainTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;
    /** A few readiness probe periods: long enough for a load balancer to take the instance out. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults: both on loopback, 8080 and 9090. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT);

    /** Listeners with the default drain. */
    public ServerSettings(String host, int port, String adminHost, int adminPort) {
        this(host, port, adminHost, adminPort, DEFAULT_DRAIN_DELAY, DEFAULT_DRAIN_TIMEOUT);
    }

    /** The same drain, on other listeners. */
    public ServerSettings withListeners(String host, int port, String adminHost, int adminPort) {
        return new ServerSettings(host, port, adminHost, adminPort, drainDelay, drainTimeout);
    }

    /** The same listeners, with another drain. */
    public ServerSettings withDrain(Duration delay, Duration timeout) {
        return new ServerSettings(host, port, adminHost, adminPort, delay, timeout);
    }
}
