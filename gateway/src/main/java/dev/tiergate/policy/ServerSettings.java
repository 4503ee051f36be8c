package dev.tiergate.policy;

import dev.tiergate.http.CacheStatus;
import java.time.Duration;

/**
 * The gateway process's settings: where the proxy and the admin API listen, the name its
 * {@code Cache-Status} member carries, how it drains on SIGTERM, how long and how much the proxy
 * waits for its clients, and which upstreams' forwarding fields are believed.
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
 * @param clients the proxy's timeouts and limits for client connections
 * @param trustedUpstreams the upstreams (such as the edge worker) whose forwarded host, client address and scheme
 *     the gateway uses instead of its connection's
 * @param accessLog where and how much of the access log is written
 * @param transport TLS, the HTTP versions offered and the redirecting plain listener
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort, String cacheStatusName,
                             Duration drainDelay, Duration drainTimeout, ClientLimits clients, TrustedUpstreams trustedUpstreams,
                             AccessLogSettings accessLog, TransportSettings transport) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;
    public static final String DEFAULT_CACHE_STATUS_NAME = CacheStatus.CACHE_NAME;
    /** A few readiness probe periods: long enough for a load balancer to take the instance out. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults: both on loopback, 8080 and 9090, the member name {@code Tiergate}, the default drain and limits, no upstream trusted. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT);

    public ServerSettings {
        if (!CacheStatus.isValidName(cacheStatusName)) {
            throw new IllegalArgumentException("cacheStatusName: \"" + cacheStatusName + "\" (expected: an RFC 8941 token)");
        }
    }

    /** Listeners with the default member name, drain and client limits. */
    public ServerSettings(String host, int port, String adminHost, int adminPort) {
        this(host, port, adminHost, adminPort, DEFAULT_CACHE_STATUS_NAME);
    }

    /** Listeners with a member name of their own, the default drain and client limits. */
    public ServerSettings(String host, int port, String adminHost, int adminPort, String cacheStatusName) {
        this(host, port, adminHost, adminPort, cacheStatusName, DEFAULT_DRAIN_DELAY, DEFAULT_DRAIN_TIMEOUT, ClientLimits.DEFAULTS,
                TrustedUpstreams.NONE, AccessLogSettings.DISABLED, TransportSettings.PLAIN);
    }

    /** Listeners with client limits of their own and the other defaults. */
    public ServerSettings(String host, int port, String adminHost, int adminPort, ClientLimits clients) {
        this(host, port, adminHost, adminPort, DEFAULT_CACHE_STATUS_NAME, DEFAULT_DRAIN_DELAY, DEFAULT_DRAIN_TIMEOUT, clients,
                TrustedUpstreams.NONE, AccessLogSettings.DISABLED, TransportSettings.PLAIN);
    }

    /** The same settings listening elsewhere (command-line flags, tests on free ports). */
    public ServerSettings withListeners(String newHost, int newPort, String newAdminHost, int newAdminPort) {
        return new ServerSettings(newHost, newPort, newAdminHost, newAdminPort, cacheStatusName, drainDelay, drainTimeout, clients,
                trustedUpstreams, accessLog, transport);
    }

    /** The same settings, with another drain. */
    public ServerSettings withDrain(Duration delay, Duration timeout) {
        return new ServerSettings(host, port, adminHost, adminPort, cacheStatusName, delay, timeout, clients, trustedUpstreams, accessLog,
                transport);
    }

    /** The same settings, with another access log. */
    public ServerSettings withAccessLog(AccessLogSettings newAccessLog) {
        return new ServerSettings(host, port, adminHost, adminPort, cacheStatusName, drainDelay, drainTimeout, clients, trustedUpstreams,
                newAccessLog, transport);
    }

    /** The same settings, with another transport (TLS, HTTP versions). */
    public ServerSettings withTransport(TransportSettings newTransport) {
        return new ServerSettings(host, port, adminHost, adminPort, cacheStatusName, drainDelay, drainTimeout, clients, trustedUpstreams,
                accessLog, newTransport);
    }

    /** True when both listen on the same addresses and ports, whatever their other settings. */
    public boolean sameListeners(ServerSettings other) {
        return host.equals(other.host) && port == other.port && adminHost.equals(other.adminHost) && adminPort == other.adminPort;
    }

    /**
     * True when every setting read only at start is the same: all but the member name and the trusted upstreams,
     * which every request reads from the running policy.
     */
    public boolean sameAtStart(ServerSettings other) {
        return equals(new ServerSettings(other.host, other.port, other.adminHost, other.adminPort, cacheStatusName,
                other.drainDelay, other.drainTimeout, other.clients, trustedUpstreams, other.accessLog, other.transport));
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
