package dev.tiergate.guard;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Locale;

/**
 * Opens the key source named by a policy's {@code jwks} setting: a JWKS file or an http(s) URL.
 *
 * <p>A file is read once, here, so that a missing or broken file stops startup instead of
 * rejecting every token later. A URL is fetched lazily by nimbus on first use, cached, and
 * re-fetched (rate-limited) when a token names an unknown {@code kid}, which is how key rotation
 * reaches the gateway without a restart. That fetch is blocking I/O on the calling thread.
 */
final class JwksSource {

    private JwksSource() {
    }

    static boolean isUrl(String jwks) {
        String lower = jwks.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * The key source for {@code jwks}; a relative file path resolves against {@code policyDirectory}.
     *
     * @throws IllegalArgumentException when the file cannot be read, is not a JWKS, holds no keys,
     *         or the URL is not valid
     */
    static JWKSource<SecurityContext> open(String jwks, Path policyDirectory) {
        return isUrl(jwks) ? fromUrl(jwks) : fromFile(policyDirectory.resolve(jwks));
    }

    private static JWKSource<SecurityContext> fromFile(Path file) {
        JWKSet set;
        try {
            set = JWKSet.load(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("jwt.jwks: cannot read JWKS file " + file + ": " + e, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("jwt.jwks: " + file + " is not a valid JWKS (expected {\"keys\": [...]}): "
                    + e.getMessage(), e);
        }
        if (set.getKeys().isEmpty()) {
            // Nothing could ever verify; almost certainly the wrong file.
            throw new IllegalArgumentException("jwt.jwks: " + file + " holds no keys (expected at least one JWK in \"keys\")");
        }
        return new ImmutableJWKSet<>(set);
    }

    private static JWKSource<SecurityContext> fromUrl(String jwks) {
        URL url;
        try {
            url = new URI(jwks).toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jwt.jwks: \"" + jwks + "\" is not a valid URL: " + e.getMessage(), e);
        }
        // Defaults: 5 min cache, at most two fetches per 30 s (so a flood of unknown kids cannot
        // hammer the issuer), and stale keys are kept while the issuer is unreachable: an outage
        // there should not log every user out of the cache.
        return JWKSourceBuilder.<SecurityContext>create(url)
                .cache(true)
                .rateLimited(true)
                .outageTolerant(true)
                .build();
    }
}
