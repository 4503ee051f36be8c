package dev.tiergate.store;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how {@link RedisTier} reaches Redis. Fluent setters, validated as they are set, so a
 * bad configuration fails at start-up rather than on the first request.
 */
public final class RedisTierOptions {

    /** The Redis deployment shape. */
    public enum Type {
        /** One server (or a proxy in front of one). */
        STANDALONE,
        /** A master found through Sentinel; endpoints are the sentinels. */
        SENTINEL,
        /** Redis Cluster; endpoints are seed nodes, the rest of the topology is discovered. */
        CLUSTER
    }

    public static final String DEFAULT_KEY_PREFIX = "tiergate:";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** Connections per node: enough for an event loop per core to pipeline without queueing behind each other. */
    public static final int DEFAULT_MAX_POOL_SIZE = 32;
    /** Requests that may wait for a pooled connection; beyond this a call fails (and counts as a fault). */
    public static final int DEFAULT_MAX_POOL_WAITING = 1024;
    /** RFC 2818 name checking, as for HTTPS: the server's certificate must name the host connected to. */
    static final String HOSTNAME_VERIFICATION = "HTTPS";

    private List<String> endpoints = List.of("redis://127.0.0.1:6379");
    private Type type = Type.STANDALONE;
    private String masterName;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private L2Settings.Tls tls = L2Settings.Tls.DEFAULTS;

    /**
     * One endpoint, {@code redis://[user:password@]host:port[/db]} or {@code rediss://...} for TLS.
     * Replaces any endpoints set before.
     */
    public RedisTierOptions setConnectionString(String connectionString) {
        return setEndpoints(List.of(connectionString));
    }

    /** Several endpoints in connection-string form: cluster seed nodes, or sentinels. */
    public RedisTierOptions setEndpoints(List<String> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints: empty (expected: at least one redis:// or rediss:// URI)");
        }
        for (String endpoint : endpoints) {
            if (!endpoint.startsWith("redis://") && !endpoint.startsWith("rediss://")) {
                throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: redis://... or rediss://...)");
            }
        }
        this.endpoints = List.copyOf(endpoints);
        return this;
    }

    public RedisTierOptions setType(Type type) {
        this.type = Objects.requireNonNull(type, "type");
        return this;
    }

    /** The Sentinel master name; required for {@link Type#SENTINEL}. */
    public RedisTierOptions setMasterName(String masterName) {
        this.masterName = masterName;
        return this;
    }

    /**
     * The namespace of this tier's keys. Must not be empty: {@link RedisTier#clear()} deletes
     * everything under it, and an empty prefix would mean the whole database.
     */
    public RedisTierOptions setKeyPrefix(String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix: empty (expected: a namespace such as \"tiergate:\")");
        }
        this.keyPrefix = keyPrefix;
        return this;
    }

    /** How long one command may take, connection wait included, before it fails. */
    public RedisTierOptions setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = positive(commandTimeout, "commandTimeout");
        return this;
    }

    /** How long a new TCP connection may take; bounded so an unreachable host does not hold pool slots for a minute. */
    public RedisTierOptions setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    public RedisTierOptions setMaxPoolSize(int maxPoolSize) {
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize: " + maxPoolSize + " (expected: at least 1)");
        }
        this.maxPoolSize = maxPoolSize;
        return this;
    }

    /**
     * How {@code rediss://} endpoints are checked and authenticated; plain {@code redis://} endpoints
     * ignore it. The default trusts the JVM's trust store and verifies the host name.
     */
    public RedisTierOptions setTls(L2Settings.Tls tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        return this;
    }

    public List<String> getEndpoints() {
        return endpoints;
    }

    public Type getType() {
        return type;
    }

    public String getMasterName() {
        return masterName;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    public L2Settings.Tls getTls() {
        return tls;
    }

    /** The client options for these settings. */
    public RedisOptions toRedisOptions() {
        if (type == Type.SENTINEL && (masterName == null || masterName.isEmpty())) {
            throw new IllegalArgumentException("masterName: missing (expected: the Sentinel master name for type SENTINEL)");
        }
        RedisOptions options = new RedisOptions()
                .setType(clientType())
                .setEndpoints(endpoints)
                .setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(DEFAULT_MAX_POOL_WAITING)
                .setNetClientOptions(netClientOptions());
        if (type == Type.SENTINEL) {
            options.setMasterName(masterName);
        }
        return options;
    }

    /**
     * TCP settings, and the TLS settings a {@code rediss://} connection is upgraded with. The client
     * decides per endpoint from its scheme (nodes a cluster reports inherit the seed's), so TLS itself
     * stays off here: only the algorithm, trust and key material are set. Vert.x requires the
     * algorithm to be set explicitly; {@code ""} turns name checking off, the chain is still verified.
     */
    private NetClientOptions netClientOptions() {
        NetClientOptions options = new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)
                .setHostnameVerificationAlgorithm(tls.verifyHostname() ? HOSTNAME_VERIFICATION : "");
        tls.ca().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        tls.cert().ifPresent(cert -> options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString())
                .setKeyPath(tls.key().orElseThrow(() -> new IllegalArgumentException("tls.key: missing (expected: the key of tls.cert)"))
                        .toString())));
        return options;
    }

    private RedisClientType clientType() {
        return switch (type) {
            case STANDALONE -> RedisClientType.STANDALONE;
            case SENTINEL -> RedisClientType.SENTINEL;
            case CLUSTER -> RedisClientType.CLUSTER;
        };
    }

    private static Duration positive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative() || duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: at least 1 ms)");
        }
        return duration;
    }
}
