package dev.tiergate.policy;

/**
 * Listening addresses of the proxy and of the admin API, and which upstreams' forwarding fields are believed.
 *
 * @param host the proxy's bind address
 * @param port the proxy's port
 * @param adminHost the admin API's bind address
 * @param adminPort the admin API's port
 * @param trustedUpstreams the upstreams (such as the edge worker) whose forwarded host, client address and scheme
 *     the gateway uses instead of its connection's
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort, TrustedUpstreams trustedUpstreams) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;

    /** The defaults: both on loopback, 8080 and 9090, no upstream trusted. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT);

    /** Listeners that trust no upstream. */
    public ServerSettings(String host, int port, String adminHost, int adminPort) {
        this(host, port, adminHost, adminPort, TrustedUpstreams.NONE);
    }

    /** A copy with other listeners and the same trusted upstreams (command-line flags override the listeners only). */
    public ServerSettings withListeners(String newHost, int newPort, String newAdminHost, int newAdminPort) {
        return new ServerSettings(newHost, newPort, newAdminHost, newAdminPort, trustedUpstreams);
    }

    /** True when both listen on the same addresses and ports, whatever else differs. */
    public boolean sameListeners(ServerSettings other) {
        return host.equals(other.host) && port == other.port && adminHost.equals(other.adminHost) && adminPort == other.adminPort;
    }
}
