package dev.tiergate.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Removes connection-specific fields before a message is forwarded (RFC 9110 §7.6.1): the
 * standard hop-by-hop fields and every field the {@code Connection} field names.
 */
public final class HopByHop {

    static final Set<String> STANDARD = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    private HopByHop() {
    }

    /** A copy of {@code headers} without hop-by-hop fields. */
    public static Headers strip(Headers headers) {
        Set<String> removed = new HashSet<>(STANDARD);
        for (String connection : headers.all("Connection")) {
            for (String option : connection.split(",")) {
                String name = option.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    removed.add(name);
                }
            }
        }
        return headers.filter(name -> !removed.contains(name.toLowerCase(Locale.ROOT)));
    }
}
