package dev.tiergate.policy;

import dev.tiergate.http.CacheStatus;

/**
 * The gateway process's settings: where the proxy and the admin API listen, and the name its
 * {@code Cache-Status} member carries.
 *
 * @param host the proxy's bind address
 * @param port the proxy's port
 * @param adminHost the admin API's bind address
 * @param adminPort the admin API's port
 * @param cacheStatusName the gateway's member name in {@code Cache-Status} (RFC 9211), an RFC 8941 token
 *     ({@link CacheStatus#isValidName})
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort, String cacheStatusName) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;
    public static final String DEFAULT_CACHE_STATUS_NAME = CacheStatus.CACHE_NAME;

    /** The defaults: both on loopback, 8080 and 9090, and the member name {@code Tiergate}. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT,
            DEFAULT_CACHE_STATUS_NAME);

    public ServerSettings {
        if (!CacheStatus.isValidName(cacheStatusName)) {
            throw new IllegalArgumentException("cacheStatusName: \"" + cacheStatusName + "\" (expected: an RFC 8941 token)");
        }
    }

    /** The same settings listening elsewhere (command-line flags, tests on free ports). */
    public ServerSettings withListeners(String newHost, int newPort, String newAdminHost, int newAdminPort) {
        return new ServerSettings(newHost, newPort, newAdminHost, newAdminPort, cacheStatusName);
    }

    /** True when both listen on the same addresses and ports, whatever their other settings. */
    public boolean sameListeners(ServerSettings other) {
        return host.equals(other.host) && port == other.port && adminHost.equals(other.adminHost) && adminPort == other.adminPort;
    }
}
