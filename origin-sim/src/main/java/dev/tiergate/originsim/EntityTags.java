package dev.tiergate.originsim;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds entity tags and compares them against If-None-Match (RFC 9110 section 8.8.3). */
final class EntityTags {

    private static final String WEAK_PREFIX = "W/";

    private EntityTags() {}

    /** A strong tag derived from the body, so identical bytes always get the same tag. */
    static String strongFor(Buffer body) {
        return strongFor(body.getBytes());
    }

    static String strongFor(byte[] body) {
        return "\"" + HexFormat.of().formatHex(sha256(body)).substring(0, 16) + "\"";
    }

    static String strongFor(String text) {
        return strongFor(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE ships SHA-256", e);
        }
    }

    /** Adds the quotes users tend to leave out of query parameters, keeping a {@code W/} prefix. */
    static String normalize(String raw) {
        String value = raw.trim();
        boolean weak = value.startsWith(WEAK_PREFIX);
        String opaque = weak ? value.substring(WEAK_PREFIX.length()) : value;
        if (!(opaque.length() >= 2 && opaque.startsWith("\"") && opaque.endsWith("\""))) {
            opaque = "\"" + opaque + "\"";
        }
        return weak ? WEAK_PREFIX + opaque : opaque;
    }

    /**
     * Weak comparison of {@code etag} against an If-None-Match field value; {@code *} matches any
     * current representation.
     */
    static boolean noneMatchHits(String ifNoneMatch, String etag) {
        List<String> candidates = parseList(ifNoneMatch);
        if (candidates.contains("*")) {
            return true;
        }
        if (etag == null) {
            return false;
        }
        String ours = opaquePart(etag);
        for (String candidate : candidates) {
            if (opaquePart(candidate).equals(ours)) {
                return true;
            }
        }
        return false;
    }

    /** Splits a list of entity tags; commas inside quotes are part of the tag. */
    static List<String> parseList(String header) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int length = header.length();
        while (i < length) {
            char c = header.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (header.startsWith(WEAK_PREFIX, i)) {
                i += WEAK_PREFIX.length();
            }
            if (i < length && header.charAt(i) == '"') {
                int close = header.indexOf('"', i + 1);
                i = close < 0 ? length : close + 1;
            } else {
                // Tolerate unquoted tags from sloppy clients: read up to the next comma.
                while (i < length && header.charAt(i) != ',') {
                    i++;
                }
            }
            tags.add(header.substring(start, i).trim());
        }
        return tags;
    }

    private static String opaquePart(String tag) {
        String withoutWeak = tag.startsWith(WEAK_PREFIX) ? tag.substring(WEAK_PREFIX.length()) : tag;
        return normalize(withoutWeak);
    }
}
