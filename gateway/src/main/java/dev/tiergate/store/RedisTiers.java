package dev.tiergate.store;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/** Builds the Redis tier a policy's {@code l2} section describes. */
public final class RedisTiers {

    private static final Logger LOG = Logger.getLogger(RedisTiers.class.getName());

    private RedisTiers() {
    }

    /** The tier, warning once when the server's certificate is not checked against its name. */
    public static Tier create(Vertx vertx, L2Settings settings) {
        if (!settings.tlsOrDefaults().verifyHostname()) {
            LOG.warning("l2.tls.verifyHostname is false: the Redis server's certificate is not checked against the host name "
                    + "connected to; anyone holding a certificate from a trusted CA can pose as it. Use this only in test setups");
        }
        return new RedisTier(vertx, options(settings));
    }

    /** Connection settings for {@code settings}: endpoints, type, prefix, timeout and TLS. */
    public static RedisTierOptions options(L2Settings settings) {
        List<String> endpoints = new ArrayList<>();
        endpoints.add(settings.url());
        endpoints.addAll(settings.endpoints());
        RedisTierOptions options = new RedisTierOptions()
                .setEndpoints(endpoints)
                .setType(RedisTierOptions.Type.valueOf(settings.type().toUpperCase(Locale.ROOT)))
                .setKeyPrefix(settings.keyPrefix())
                .setCommandTimeout(settings.commandTimeout())
                .setTls(settings.tlsOrDefaults());
        settings.masterName().ifPresent(options::setMasterName);
        return options;
    }
}
