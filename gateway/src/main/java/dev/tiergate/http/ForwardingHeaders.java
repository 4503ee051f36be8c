package dev.tiergate.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Header hygiene for a proxy: what is forwarded to the origin and what goes back to the client
 * (RFC 9110 §7.6).
 */
public final class ForwardingHeaders {

    /** The Via member this gateway adds (RFC 9110 §7.6.3). */
    public static final String VIA = "1.1 tiergate";
    /**
     * The request field a trusted upstream (the edge worker) sends its shared secret in. Never forwarded: the
     * origin, and any proxy after this one, must not learn it.
     */
    public static final String UPSTREAM_SECRET_FIELD = "Tiergate-Edge-Auth";

    /**
     * Request fields a cacheable fetch forwards without being keyed: content negotiation (an origin
     * that varies on it must say so in Vary, and the cache then keys on it), credentials (which
     * storability guards, RFC 9111 §3.5) and tracing. Anything else could change a shared response
     * without changing its key, the mechanism of cache poisoning.
     */
    public static final Set<String> SAFE_FOR_CACHE = Set.of("accept", "accept-encoding", "accept-language", "accept-charset",
            "user-agent", "authorization", "cache-control", "pragma", "traceparent", "tracestate", "x-request-id",
            "x-correlation-id", "x-forwarded-for", "via", "host");

    /** In a route's forwardHeaders: forward every field, as a plain reverse proxy does (the operator vouches for the origin). */
    public static final String FORWARD_ALL = "*";

    /** Client validators and range requests the cache answers itself rather than forwarding on a cacheable fetch. */
    private static final String[] CLIENT_CONDITIONALS = {"If-None-Match", "If-Modified-Since", "If-Match",
            "If-Unmodified-Since", "If-Range", "Range"};

    private ForwardingHeaders() {
    }

    /**
     * The fields of a request forwarded to the origin: hop-by-hop removed, Host set to the origin,
     * X-Forwarded-For/-Proto/-Host and Via appended, the upstream secret removed.
     *
     * @param client the client's request fields
     * @param clientAddress the client's IP address
     * @param scheme {@code http} or {@code https}, as the client used it
     * @param originAuthority the {@code Host} the origin is sent: its own {@code host[:port]}, or the client's
     * @param forCache true when the response will fill the cache: client validators and Range are
     *     dropped so the origin sends a complete response that every client can share
     */
    public static Headers toOrigin(Headers client, String clientAddress, String scheme, String originAuthority, boolean forCache) {
        Headers forwarded = HopByHop.strip(client);
        if (forCache) {
            forwarded = forwarded.without(CLIENT_CONDITIONALS);
        }
        Optional<String> clientHost = client.first("Host");
        // Tiergate-Segment is ours to set from the allow-listed segment; a client's own value never passes.
        Headers.Builder builder = forwarded.without("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                "Tiergate-Segment", UPSTREAM_SECRET_FIELD).toBuilder();
        builder.add("Host", originAuthority);
        String priorFor = client.combined("X-Forwarded-For").map(value -> value + ", ").orElse("");
        builder.add("X-Forwarded-For", priorFor + clientAddress);
        // On a cacheable fetch the client's own X-Forwarded-Host/-Proto are not trusted: the origin may build
        // URLs from them, and the response would be shared under a key they are not part of.
        builder.add("X-Forwarded-Proto", forCache ? scheme : client.first("X-Forwarded-Proto").orElse(scheme));
        clientHost.ifPresent(host -> builder.add("X-Forwarded-Host", forCache ? host : client.first("X-Forwarded-Host").orElse(host)));
        builder.set("Via", client.combined("Via").map(via -> via + ", ").orElse("") + VIA);
        return builder.build();
    }

    /**
     * The client fields a cacheable fetch may forward: {@link #SAFE_FOR_CACHE}, the fields in
     * {@code allowed} (keyed, listed in a stored Vary, or forwarded by the route), and of the
     * cookies only those that are keyed (all of them when {@code cookie} is allowed).
     *
     * @param allowed lower-case field names; {@value #FORWARD_ALL} forwards every field
     * @param keyedCookies cookie names that are part of the key
     */
    public static Headers keepForCache(Headers client, Set<String> allowed, List<String> keyedCookies) {
        if (allowed.contains(FORWARD_ALL)) {
            return client;
        }
        Headers.Builder kept = Headers.builder();
        for (Map.Entry<String, String> field : client.entries()) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (SAFE_FOR_CACHE.contains(name) || allowed.contains(name)) {
                kept.add(field.getKey(), field.getValue());
            }
        }
        if (!allowed.contains("cookie") && !keyedCookies.isEmpty()) {
            StringBuilder cookies = new StringBuilder();
            for (String cookieField : client.all("Cookie")) {
                for (String pair : cookieField.split(";")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0 && keyedCookies.contains(pair.substring(0, equals).trim())) {
                        cookies.append(cookies.length() == 0 ? "" : "; ").append(pair.trim());
                    }
                }
            }
            if (cookies.length() > 0) {
                kept.add("Cookie", cookies.toString());
            }
        }
        return kept.build();
    }

    /** The fields of an origin response sent to the client: hop-by-hop removed, Via appended. */
    public static Headers toClient(Headers origin) {
        Headers stripped = HopByHop.strip(origin);
        return stripped.with("Via", origin.combined("Via").map(via -> via + ", ").orElse("") + VIA);
    }
}
