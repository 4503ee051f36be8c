package dev.tiergate.cache;

import java.util.Locale;

/**
 * Primary cache keys: the normalised host and the request target, so that every method answered
 * from the cache (GET and HEAD) and every invalidation of the URI address the same entry.
 */
public final class CacheKeys {

    private CacheKeys() {
    }

    /**
     * The primary key for a request target on a host.
     *
     * @param host the Host field value; case and a default port do not make a different key
     * @param target the request target in origin form ({@code /path?query})
     */
    public static String primary(String host, String target) {
        String normalisedHost = host.toLowerCase(Locale.ROOT);
        if (normalisedHost.endsWith(":80")) {
            normalisedHost = normalisedHost.substring(0, normalisedHost.length() - 3);
        }
        return normalisedHost + target;
    }
}
