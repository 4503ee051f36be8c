package dev.tiergate.cache;

import dev.tiergate.http.Headers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What identifies a response's content when the adaptive TTL asks whether it changed: its entity tag when
 * it has one (RFC 9110 §8.8.3: "a different entity tag ... indicates a different representation"), else a
 * SHA-256 digest of its body. The two kinds never equal each other, so an origin that starts or stops
 * sending ETag counts as one change.
 */
public final class ContentFingerprint {

    private ContentFingerprint() {
    }

    /** The fingerprint of a response with these fields and body. */
    public static String of(Headers headers, byte[] body) {
        Optional<String> etag = headers.first("ETag").map(String::trim).filter(value -> !value.isEmpty());
        return etag.map(value -> "etag:" + value).orElseGet(() -> "sha256:" + sha256(body));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

}
