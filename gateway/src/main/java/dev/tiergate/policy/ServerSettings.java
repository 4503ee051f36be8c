package dev.tiergate.policy;

import dev.tiergate.http.CacheStatus;
import java.time.Duration;

/**
 * The gateway process's settings: where the proxy and the admin API listen, the name its
 * {@code Cache-Status} member carries, and how it drains on SIGTERM.
 *
 * @param host the proxy's bind address
 * @param port the proxy's port
 * @param adminHost the admin API's bind address
 * @param adminPort the admin API's port
 * @param cacheStatusName the gateway's member name in {@code Cache-Status} (RFC 9211), an RFC 8941 token
 *     ({@link CacheStatus#isValidName})
 * @param drainDelay how long the proxy keeps accepting connections after the signal, with readiness already
 *     failing, so that load balancers stop sending traffic before connections are refused
 * @param drainTimeout how long requests in flight (and background refreshes and L2 writes) then have to finish
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort, String cacheStatusName,
                             Duration drainDelay, Duration drainTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;
    public static final String DEFAULT_CACHE_STATUS_NAME = CacheStatus.CACHE_NAME;
    /** A few readiness probe periods: long enough for a load balancer to take the instance out. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults: both on loopback, 8080 and 9090, the member name {@code Tiergate}, the default drain. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT);

    public ServerSettings {
        if (!CacheStatus.isValidName(cacheStatusName)) {
            throw new IllegalArgumentException("cacheStatusName: \"" + cacheStatusName + "\" (expected: an RFC 8941 token)");
        }
    }

    /** Listeners with the default member name and drain. */
    public ServerSettings(String host, int port, String adminHost, int adminPort) {
        this(host, port, adminHost, adminPort, DEFAULT_CACHE_STATUS_NAME, DEFAULT_DRAIN_DELAY, DEFAULT_DRAIN_TIMEOUT);
    }

    /** Listeners with a member name of their own and the default drain. */
    public ServerSettings(String host, int port, String adminHost, int adminPort, String cacheStatusName) {
        this(host, port, adminHost, adminPort, cacheStatusName, DEFAULT_DRAIN_DELAY, DEFAULT_DRAIN_TIMEOUT);
    }

    /** The same settings listening elsewhere (command-line flags, tests on free ports). */
    public ServerSettings withListeners(String newHost, int newPort, String newAdminHost, int newAdminPort) {
        return new ServerSettings(newHost, newPort, newAdminHost, newAdminPort, cacheStatusName, drainDelay, drainTimeout);
    }

    /** The same listeners, with another drain. */
    public ServerSettings withDrain(Duration delay, Duration timeout) {
        return new ServerSettings(host, port, adminHost, adminPort, cacheStatusName, delay, timeout);
    }

    /** True when both listen on the same addresses and ports, whatever their other settings. */
    public boolean sameListeners(ServerSettings other) {
        return host.equals(other.host) && port == other.port && adminHost.equals(other.adminHost) && adminPort == other.adminPort;
    }
}
