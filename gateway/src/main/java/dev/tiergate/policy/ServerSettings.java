package dev.tiergate.policy;

/**
 * Listening addresses of the proxy and of the admin API.
 *
 * @param host the proxy's bind address
 * @param port the proxy's port
 * @param adminHost the admin API's bind address
 * @param adminPort the admin API's port
 */
public record ServerSettings(String host, int port, String adminHost, int adminPort) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;

    /** The defaults: both on loopback, 8080 and 9090. */
    public static final ServerSettings DEFAULTS = new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_ADMIN_PORT);
}
