package dev.tiergate.store;

import io.vertx.core.net.NetClientOptions;
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

    private List<String> endpoints = List.of("redis://127.0.0.1:6379");
    private Type type = Type.STANDALONE;
    private String masterName;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;

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

    /** The client options for these settings. */
    RedisOptions toRedisOptions() {
        if (type == Type.SENTINEL && (masterName == null || masterName.isEmpty())) {
            throw new IllegalArgumentException("masterName: missing (expected: the Sentinel master name for type SENTINEL)");
        }
        RedisOptions options = new RedisOptions()
                .setType(clientType())
                .setEndpoints(endpoints)
                .setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(DEFAULT_MAX_POOL_WAITING)
                .setNetClientOptions(new NetClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                        .setTcpNoDelay(true)
                        .setTcpKeepAlive(true));
        if (type == Type.SENTINEL) {
            options.setMasterName(masterName);
        }
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
