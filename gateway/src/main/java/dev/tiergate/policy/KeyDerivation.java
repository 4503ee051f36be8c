package dev.tiergate.policy;

import dev.tiergate.http.AcceptEncoding;
import dev.tiergate.http.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Derives the cache key of a request under a route's key rules. Key material is validated: a
 * keyed value that is too long or holds control characters makes the request uncacheable rather
 * than a key that could collide with or poison another.
 */
public final class KeyDerivation {

    /** Longest canonical URL family. */
    public static final int MAX_CANONICAL_LENGTH = 8192;
    /** Longest keyed header, cookie or segment value. */
    public static final int MAX_VALUE_LENGTH = 256;

    /** A key, or why the request cannot have one. */
    public record Result(Optional<CacheKey> key, String problem) {
        static Result of(CacheKey key) {
            return new Result(Optional.of(key), "");
        }

        static Result refused(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }

    private KeyDerivation() {
    }

    /**
     * The key of a request.
     *
     * @param route the matched route
     * @param segments the policy's segment definitions
     * @param host the Host field value
     * @param target the request target in origin form
     * @param headers the request fields
     * @param token the verified bearer token, for JWT segments
     */
    public static Result derive(Route route, Map<String, SegmentDefinition> segments, String host, String target, Headers headers,
                                TokenResult token) {
        KeySpec spec = route.key();
        String path = RequestParts.normalisePath(RequestParts.path(target));
        List<RequestParts.Parameter> all = RequestParts.parameters(RequestParts.rawQuery(target));
        List<RequestParts.Parameter> keyed = all.stream().filter(parameter -> spec.query().keeps(RequestParts.decode(parameter.name()))).toList();
        List<RequestParts.Parameter> sorted = new ArrayList<>(keyed);
        sorted.sort(Comparator.comparing(RequestParts.Parameter::name));
        String query = RequestParts.join(sorted);
        String canonical = normaliseHost(host) + path + (query.isEmpty() ? "" : "?" + query);
        if (canonical.length() > MAX_CANONICAL_LENGTH) {
            return Result.refused("key-too-long");
        }
        StringBuilder variant = new StringBuilder();
        for (String header : spec.headers()) {
            String raw = headers.combined(header).orElse("");
            // Control characters are checked before whitespace is folded, so that "a\0" or "a\n" cannot pass for "a".
            String value = raw.replaceAll("[ \\t]+", " ").replaceAll("^ | $", "");
            if (hasControlCharacter(raw.replace('\t', ' ')) || !isValidValue(value)) {
                return Result.refused("invalid-key-header");
            }
            if (header.equals("accept-encoding")) {
                // One entry per class of codings, not per spelling (as in Vary matching).
                value = AcceptEncoding.normalise(headers.combined(header));
            }
            variant.append("h:").append(header).append('=').append(value).append('\n');
        }
        if (!spec.cookies().isEmpty()) {
            Map<String, String> cookies = RequestParts.cookies(headers.all("Cookie"));
            for (String cookie : spec.cookies()) {
                String value = cookies.getOrDefault(cookie, "");
                if (!isValidValue(value)) {
                    return Result.refused("invalid-key-cookie");
                }
                variant.append("c:").append(cookie).append('=').append(value).append('\n');
            }
        }
        String segment = "";
        if (spec.segment().isPresent()) {
            SegmentDefinition definition = segments.get(spec.segment().get());
            segment = Segments.resolve(definition, headers, all, token);
            variant.append("s:").append(definition.name()).append('=').append(segment).append('\n');
        }
        String forwardQuery = RequestParts.join(keyed);
        String forwardTarget = path + (forwardQuery.isEmpty() ? "" : "?" + forwardQuery);
        return Result.of(new CacheKey(canonical, sha256(canonical), variant.toString(), segment, forwardTarget));
    }

    /** Lower case, without the default port, so {@code API.example.com:80} and {@code api.example.com} share entries. */
    static String normaliseHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(":80") ? lower.substring(0, lower.length() - 3) : lower;
    }

    private static boolean isValidValue(String value) {
        return value.length() <= MAX_VALUE_LENGTH && !hasControlCharacter(value);
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
