package dev.tiergate.plan;

import dev.tiergate.policy.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A request target as the access log shows it: the path as sent, and each query value masked unless the route keys
 * that parameter. A value the cache keys on is already shared by everyone who gets the entry; any other (a token, an
 * e-mail address in a tracking link) is the client's business, not the log's.
 */
public final class LoggedTarget {

    /** What stands in for a masked value. */
    public static final String MASK = "***";

    private LoggedTarget() {
    }

    /**
     * The target with unkeyed query values replaced by {@link #MASK}; a bypass route keys nothing, so every value is
     * masked there. Parameter names stay, so that the log still tells which were sent.
     */
    public static String of(String target, Route route) {
        int query = target.indexOf('?');
        if (query < 0) {
            return target;
        }
        StringBuilder logged = new StringBuilder(target.length()).append(target, 0, query + 1);
        String[] pairs = target.substring(query + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                logged.append('&');
            }
            String pair = pairs[i];
            int equals = pair.indexOf('=');
            if (equals < 0) {
                logged.append(pair);
                continue;
            }
            String name = pair.substring(0, equals);
            logged.append(name).append('=');
            logged.append(keyed(name, route) ? pair.substring(equals + 1) : MASK);
        }
        return logged.toString();
    }

    private static boolean keyed(String rawName, Route route) {
        if (route.cacheRule().bypass()) {
            return false;
        }
        String name;
        try {
            name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return route.key().query().keeps(name);
    }
}
