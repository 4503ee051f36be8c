package dev.tiergate.http;

import java.util.Optional;

/**
 * Header hygiene for a proxy: what is forwarded to the origin and what goes back to the client
 * (RFC 9110 §7.6).
 */
public final class ForwardingHeaders {

    /** The Via member this gateway adds (RFC 9110 §7.6.3). */
    public static final String VIA = "1.1 tiergate";

    /** Client validators and range requests the cache answers itself rather than forwarding on a cacheable fetch. */
    private static final String[] CLIENT_CONDITIONALS = {"If-None-Match", "If-Modified-Since", "If-Match",
            "If-Unmodified-Since", "If-Range", "Range"};

    private ForwardingHeaders() {
    }

    /**
     * The fields of a request forwarded to the origin: hop-by-hop removed, Host set to the origin,
     * X-Forwarded-For/-Proto/-Host and Via appended.
     *
     * @param client the client's request fields
     * @param clientAddress the client's IP address
     * @param scheme {@code http} or {@code https}, as the client used it
     * @param originAuthority the origin's {@code host[:port]}
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
                "Tiergate-Segment").toBuilder();
        builder.add("Host", originAuthority);
        String priorFor = client.combined("X-Forwarded-For").map(value -> value + ", ").orElse("");
        builder.add("X-Forwarded-For", priorFor + clientAddress);
        builder.add("X-Forwarded-Proto", client.first("X-Forwarded-Proto").orElse(scheme));
        clientHost.ifPresent(host -> builder.add("X-Forwarded-Host", client.first("X-Forwarded-Host").orElse(host)));
        builder.set("Via", client.combined("Via").map(via -> via + ", ").orElse("") + VIA);
        return builder.build();
    }

    /** The fields of an origin response sent to the client: hop-by-hop removed, Via appended. */
    public static Headers toClient(Headers origin) {
        Headers stripped = HopByHop.strip(origin);
        return stripped.with("Via", origin.combined("Via").map(via -> via + ", ").orElse("") + VIA);
    }
}
