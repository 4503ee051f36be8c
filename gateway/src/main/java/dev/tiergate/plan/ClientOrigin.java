package dev.tiergate.plan;

import dev.tiergate.http.Cidr;
import dev.tiergate.http.ForwardingHeaders;
import dev.tiergate.http.Forwarded;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.TrustedUpstreams;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who made a request, as the gateway believes it: the host it is routed and keyed under, the client's address
 * (rate limits, {@code X-Forwarded-For} to the origin) and the scheme.
 *
 * <p>From a trusted upstream ({@code server.trustedUpstreams}: its address in a trusted range, the secret in
 * {@link ForwardingHeaders#UPSTREAM_SECRET_FIELD}, or both) they come from its forwarding fields: behind the edge
 * worker, whose requests all arrive with the gateway's own {@code Host}, every virtual host keeps its own keys.
 * From anyone else they are the connection's, and the request's {@code X-Forwarded-*} and {@code Forwarded}
 * fields change nothing: a client cannot choose the key its response is stored under.
 *
 * @param trusted true when a trusted upstream sent the request and its forwarding fields were believed
 * @param host the client's {@code Host}: from a trusted upstream its {@code X-Forwarded-Host} (the first value),
 *     else its {@code Forwarded} host, else the connection's; checked by {@link RequestPlan#route} like any Host
 * @param clientIp the client's address: from a trusted upstream the rightmost {@code X-Forwarded-For} entry outside
 *     the trusted ranges, else its {@code Forwarded} for; else (and when those name no address) the peer's
 * @param scheme {@code http} or {@code https}: from a trusted upstream its {@code X-Forwarded-Proto}, else its
 *     {@code Forwarded} proto; else the connection's
 * @param fields the request's fields as the plan reads them: never the secret; from a trusted upstream with
 *     {@code Host} set to the client's, the forwarding fields it consumed removed, and {@code X-Forwarded-For}
 *     holding only the entries before the client's address
 */
public record ClientOrigin(boolean trusted, String host, String clientIp, String scheme, Headers fields) {

    /** The fields a trusted upstream's forwarding is read from; once read, they are replaced by what was read. */
    private static final String[] FORWARDING_FIELDS = {"X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto", "Forwarded"};

    /**
     * The client as the connection shows it: nothing upstream is trusted.
     *
     * @param peer the address of the connection's other end
     * @param scheme the scheme of the connection
     */
    public static ClientOrigin direct(String peer, String scheme, Headers received) {
        return new ClientOrigin(false, received.first("Host").orElse(""), peer, scheme,
                received.without(ForwardingHeaders.UPSTREAM_SECRET_FIELD));
    }

    /**
     * The client of a request, from its trusted upstream's forwarding fields when it came through one.
     *
     * @param trust the policy's trusted upstreams
     * @param peer the address of the connection's other end
     * @param scheme the scheme of the connection
     * @param received the request's fields as they arrived
     * @param secret the value of the variable {@code trust} names for the secret; empty when it names none
     */
    public static ClientOrigin resolve(TrustedUpstreams trust, String peer, String scheme, Headers received, Optional<String> secret) {
        if (!isTrusted(trust, peer, received, secret)) {
            return direct(peer, scheme, received);
        }
        Optional<Forwarded.Element> forwarded = Forwarded.first(received);
        String host = firstMember(received, "X-Forwarded-Host").or(() -> forwarded.flatMap(Forwarded.Element::host))
                .orElse(received.first("Host").orElse(""));
        String proto = firstMember(received, "X-Forwarded-Proto").or(() -> forwarded.flatMap(Forwarded.Element::proto))
                .map(value -> value.toLowerCase(Locale.ROOT)).filter(value -> value.equals("http") || value.equals("https"))
                .orElse(scheme);
        List<String> chain = members(received.all("X-Forwarded-For"));
        String clientIp;
        List<String> before;
        if (chain.isEmpty()) {
            clientIp = forwarded.flatMap(Forwarded.Element::forNode).flatMap(Forwarded::nodeAddress).orElse(peer);
            before = List.of();
        } else {
            // Each proxy appends the address it was connected from: walking back from the end, the first address
            // outside the trusted ranges is the last one a trusted proxy saw, and so the client's.
            int index = chain.size() - 1;
            while (index >= 0 && addressOf(chain.get(index)).map(trust::inRange).orElse(false)) {
                index--;
            }
            Optional<String> client = index >= 0 ? addressOf(chain.get(index)) : Optional.empty();
            clientIp = client.orElse(peer);
            before = client.isPresent() ? chain.subList(0, index) : chain;
        }
        Headers.Builder fields = received.without(ForwardingHeaders.UPSTREAM_SECRET_FIELD).without(FORWARDING_FIELDS).toBuilder();
        if (!host.isEmpty()) {
            fields.set("Host", host);
        }
        if (!before.isEmpty()) {
            fields.add("X-Forwarded-For", String.join(", ", before));
        }
        return new ClientOrigin(true, host, clientIp, proto, fields.build());
    }

    /**
     * True when the request came through a trusted upstream: from an address in a trusted range (when ranges are
     * set) and with the secret (when one is set), both when both are.
     */
    public static boolean isTrusted(TrustedUpstreams trust, String peer, Headers received, Optional<String> secret) {
        if (!trust.isEnabled()) {
            return false;
        }
        if (!trust.cidrs().isEmpty() && !trust.inRange(peer)) {
            return false;
        }
        if (trust.secretEnv().isPresent()) {
            List<String> sent = received.all(ForwardingHeaders.UPSTREAM_SECRET_FIELD);
            return secret.isPresent() && sent.size() == 1 && sameSecret(sent.get(0), secret.get());
        }
        return true;
    }

    /**
     * Compares the digests of both in full, so that the time taken shows neither where the values first differ
     * nor how long the secret is.
     */
    private static boolean sameSecret(String sent, String secret) {
        byte[] sentDigest = sha256(sent);
        byte[] secretDigest = sha256(secret);
        int difference = 0;
        for (int i = 0; i < secretDigest.length; i++) {
            difference |= sentDigest[i] ^ secretDigest[i];
        }
        return difference == 0;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** The address an {@code X-Forwarded-For} entry names: IPv4 or IPv6, bare, or with a port as a Forwarded node writes it. */
    private static Optional<String> addressOf(String entry) {
        if (entry.indexOf(':') == entry.lastIndexOf(':') || entry.startsWith("[")) {
            return Forwarded.nodeAddress(entry);
        }
        return entry.indexOf('%') < 0 && Cidr.isAddress(entry) ? Optional.of(entry) : Optional.empty();
    }

    /** The first member of a list-based field, across its field lines. */
    private static Optional<String> firstMember(Headers headers, String name) {
        List<String> members = members(headers.all(name));
        return members.isEmpty() ? Optional.empty() : Optional.of(members.get(0));
    }

    /** The members of a comma-separated list (RFC 9110 §5.6.1) over every field line, OWS trimmed, empty ones dropped. */
    private static List<String> members(List<String> lines) {
        List<String> members = new ArrayList<>();
        for (String line : lines) {
            for (String member : line.split(",", -1)) {
                String trimmed = RequestParts.trimOws(member);
                if (!trimmed.isEmpty()) {
                    members.add(trimmed);
                }
            }
        }
        return members;
    }
}
