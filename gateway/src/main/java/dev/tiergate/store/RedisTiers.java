package dev.tiergate.store;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.Vertx;
import java.util.Locale;

/** Builds the Redis tier a policy's {@code l2} section describes. */
public final class RedisTiers {

    private RedisTiers() {
    }

    public static Tier create(Vertx vertx, L2Settings settings) {
        RedisTierOptions options = new RedisTierOptions()
                .setConnectionString(settings.url())
                .setType(RedisTierOptions.Type.valueOf(settings.type().toUpperCase(Locale.ROOT)))
                .setKeyPrefix(settings.keyPrefix())
                .setCommandTimeout(settings.commandTimeout());
        settings.masterName().ifPresent(options::setMasterName);
        if (!settings.endpoints().isEmpty()) {
            java.util.List<String> endpoints = new java.util.ArrayList<>();
            endpoints.add(settings.url());
            endpoints.addAll(settings.endpoints());
            options.setEndpoints(endpoints);
        }
        return new RedisTier(vertx, options);
    }
}
