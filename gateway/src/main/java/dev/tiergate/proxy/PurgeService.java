package dev.tiergate.proxy;

import dev.tiergate.cache.Generations;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.store.Purges;
import io.vertx.core.Future;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns what an operator names (a URL, a URL prefix, a tag, a route, everything) into the purge
 * scopes of the store, with the running policy's key rules: a URL purge reaches every variant
 * (segments, Vary) of the URL's family, exactly as the gateway keys it.
 */
public final class PurgeService {

    /**
     * A purge's result.
     *
     * @param outcome what the store did
     * @param family the family hash purged (URL purges), else empty
     * @param canonical the canonical URL or prefix matched (URL and prefix purges), else empty
     */
    public record Result(Purges.Outcome outcome, String family, String canonical) {
    }

    private final AtomicReference<ActivePolicy> policy;
    private final Purges purges;

    PurgeService(AtomicReference<ActivePolicy> policy, Purges purges) {
        this.policy = policy;
        this.purges = purges;
    }

    /**
     * Purges one URL's family.
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL or cannot be keyed
     */
    public Future<Result> url(String url, boolean hard) {
        CacheKey key = keyOf(url);
        return purges.purgeScope(Generations.familyScope(key.hash()), hard).map(outcome -> new Result(outcome, key.hash(), key.canonical()));
    }

    /**
     * Purges every family whose canonical URL starts with the prefix's (host, normalised path). Only
     * families held in some instance's L1 are reached.
     *
     * @throws IllegalArgumentException when the prefix is not an absolute http(s) URL
     */
    public Future<Result> prefix(String prefix, boolean hard) {
        URI uri = parse(prefix);
        String host = uri.getRawAuthority().replaceFirst("^[^@]*@", "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // Path normalisation as the keys have it; the query part of a prefix, if any, is compared as written.
        String canonical = host.toLowerCase(java.util.Locale.ROOT).replaceFirst(":80$", "") + RequestParts.normalisePath(path)
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return purges.purgePrefix(canonical, hard).map(outcome -> new Result(outcome, "", canonical));
    }

    public Future<Result> tag(String tag, boolean hard) {
        requireText(tag, "tag");
        return purges.purgeScope(Generations.tagScope(tag), hard).map(outcome -> new Result(outcome, "", ""));
    }

    /** Purges a route's entries; a name the running policy does not have is accepted (entries may remain from before a reload). */
    public Future<Result> route(String name, boolean hard) {
        requireText(name, "route");
        return purges.purgeScope(Generations.routeScope(name), hard).map(outcome -> new Result(outcome, "", ""));
    }

    public Future<Result> all(boolean hard) {
        return purges.purgeScope(Generations.ALL, hard).map(outcome -> new Result(outcome, "", ""));
    }

    /** True when the running policy has a route named {@code name}. */
    public boolean hasRoute(String name) {
        Policy current = policy.get().policy();
        return current.defaultRoute().name().equals(name) || current.routes().stream().map(Route::name).anyMatch(name::equals);
    }

    private CacheKey keyOf(String url) {
        URI uri = parse(url);
        String host = uri.getRawAuthority().replaceFirst("^[^@]*@", "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Policy current = policy.get().policy();
        Route route = current.route(host, "GET", path);
        KeyDerivation.Result derived = KeyDerivation.derive(route, current.segments(), host, target, Headers.EMPTY, TokenResult.NONE);
        return derived.key().orElseThrow(() -> new IllegalArgumentException("url: cannot be keyed (" + derived.problem() + ")"));
    }

    private static URI parse(String url) {
        requireText(url, "url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("url: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT))
                || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("url: " + url + " (expected an absolute URL such as https://host/path?query)");
        }
        return uri;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": empty");
        }
    }
}
