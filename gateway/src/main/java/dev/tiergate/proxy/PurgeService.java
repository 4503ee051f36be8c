package dev.tiergate.proxy;

import dev.tiergate.cache.Generations;
import dev.tiergate.edge.CloudflarePurger;
import dev.tiergate.edge.EdgePurge;
import dev.tiergate.edge.EdgePurgeStats;
import dev.tiergate.edge.EdgeReport;
import dev.tiergate.metrics.MeterHandles;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.Route;
import dev.tiergate.store.Purges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns what an operator names (URLs, URL prefixes, tags, a route, everything) into the purge
 * scopes of the store, with the running policy's key rules: a URL purge reaches every variant
 * (segments, Vary) of the URL's family, exactly as the gateway keys it. When the policy has an edge
 * tier's purge API, each purge is forwarded there once this tier has applied it: in the other order the
 * edge could refill from this tier's stale copy. Each purge is counted in {@code tiergate_purges_total{kind,reach}}:
 * {@code kind} is url, prefix, tag, route or all; {@code reach} is all-instances (recorded in Redis and broadcast on
 * the bus) or this-instance (no L2, or Redis unreachable), as the admin API answers it.
 */
public final class PurgeService {

    /** The edge drops what a soft purge names; its refetches find this tier's entries stale and are served from them. */
    private static final String SOFT_AT_THE_EDGE = "soft here, hard there (the edge has no soft purge; this tier serves its refetches stale)";

    /**
     * A purge's result.
     *
     * @param outcome what the store did
     * @param family the family hash purged (a purge of one URL), else empty
     * @param canonical the canonical URL or prefix matched (a purge of one URL or prefix), else empty
     * @param edge what became of it at the edge, when purges are forwarded there
     */
    public record Result(Purges.Outcome outcome, String family, String canonical, Optional<EdgeReport> edge) {
    }

    private final AtomicReference<ActivePolicy> policy;
    private final Purges purges;
    private final Optional<CloudflarePurger> edge;
    private final MeterHandles<Counter> counts;

    PurgeService(AtomicReference<ActivePolicy> policy, Purges purges, Optional<CloudflarePurger> edge, MeterRegistry registry) {
        this.policy = policy;
        this.purges = purges;
        this.edge = edge;
        this.counts = new MeterHandles<>((kind, reach, ignored) -> Counter.builder("tiergate.purges")
                .description("Purges by kind and reach").tag("kind", kind).tag("reach", reach).register(registry));
    }

    private Future<Result> counted(String kind, Future<Result> purge) {
        return purge.andThen(done -> {
            if (done.succeeded()) {
                counts.get(kind, done.result().outcome().shared() ? "all-instances" : "this-instance").increment();
            }
        });
    }

    /**
     * Purges URL families, and the URLs at the edge.
     *
     * @throws IllegalArgumentException when a URL is not an absolute http(s) URL or cannot be keyed (nothing is purged then)
     */
    public Future<Result> urls(List<String> urls, boolean hard) {
        List<CacheKey> keys = nonEmpty(urls, "url").stream().map(this::keyOf).toList();
        List<Future<Purges.Outcome>> local = keys.stream().map(key -> purges.purgeScope(Generations.familyScope(key.hash()), hard)).toList();
        boolean one = keys.size() == 1;
        return counted("url", combined(local).compose(outcome -> toEdge(EdgePurge.urls(edgeUrls(urls, keys)), hard, "")
                .map(report -> new Result(outcome, one ? keys.get(0).hash() : "", one ? keys.get(0).canonical() : "", report))));
    }

    /**
     * The URLs an edge purge names: each family's canonical URL, which the edge worker stores its entry under
     * (so that every spelling of the URL that shares its key is purged there too), and the URL as written when
     * it differs, for whatever else the zone cached under it.
     */
    private static List<String> edgeUrls(List<String> urls, List<CacheKey> keys) {
        List<String> edge = new java.util.ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            edge.add("https://" + keys.get(i).canonical());
            edge.add(urls.get(i));
        }
        return edge;
    }

    /**
     * Purges every family whose canonical URL starts with a prefix's (host, normalised path), and the prefixes at
     * the edge. Only families held in some instance's L1 are reached here.
     *
     * @throws IllegalArgumentException when a prefix is not an absolute http(s) URL (nothing is purged then)
     */
    public Future<Result> prefixes(List<String> prefixes, boolean hard) {
        List<URI> uris = nonEmpty(prefixes, "prefix").stream().map(UrlKeys::parse).toList();
        List<String> canonical = uris.stream().map(PurgeService::canonicalPrefix).toList();
        List<Future<Purges.Outcome>> local = canonical.stream().map(prefix -> purges.purgePrefix(prefix, hard)).toList();
        String queries = uris.stream().anyMatch(uri -> uri.getRawQuery() != null) ? "purged there without the query" : "";
        return counted("prefix", combined(local).compose(outcome -> toEdge(EdgePurge.prefixes(uris), hard, queries)
                .map(report -> new Result(outcome, "", canonical.size() == 1 ? canonical.get(0) : "", report))));
    }

    public Future<Result> tags(List<String> tags, boolean hard) {
        nonEmpty(tags, "tag").forEach(tag -> requireText(tag, "tag"));
        List<Future<Purges.Outcome>> local = tags.stream().map(tag -> purges.purgeScope(Generations.tagScope(tag), hard)).toList();
        return counted("tag", combined(local).compose(outcome -> toEdge(EdgePurge.tags(tags), hard, "")
                .map(report -> new Result(outcome, "", "", report))));
    }

    /**
     * Purges a route's entries; a name the running policy does not have is accepted (entries may remain from before a
     * reload). The edge has no routes: there the route's literal tags are purged, which every entry of the route
     * carries; a route without any is not forwarded.
     */
    public Future<Result> route(String name, boolean hard) {
        requireText(name, "route");
        return counted("route", purges.purgeScope(Generations.routeScope(name), hard)
                .compose(outcome -> routeAtTheEdge(name, hard).map(report -> new Result(outcome, "", "", report))));
    }

    public Future<Result> all(boolean hard) {
        return counted("all", purges.purgeScope(Generations.ALL, hard)
                .compose(outcome -> toEdge(EdgePurge.EVERYTHING, hard, "").map(report -> new Result(outcome, "", "", report))));
    }

    /** The edge forwarding's counters, when purges are forwarded. */
    public Optional<EdgePurgeStats> edgeStats() {
        return edge.map(CloudflarePurger::stats);
    }

    private Future<Optional<EdgeReport>> routeAtTheEdge(String name, boolean hard) {
        if (edge.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Optional<Route> route = routeNamed(name);
        List<String> literal = route.map(r -> r.tags().stream().filter(tag -> !tag.contains("{")).toList()).orElse(List.of());
        if (literal.isEmpty()) {
            edge.get().notForwarded();
            String reason = route.isEmpty() ? "not forwarded: the route's tags are unknown"
                    : "not forwarded: the edge has no routes, and route \"" + name + "\" has no tag without a {param} to purge by there "
                    + "(purge by tag or everything instead)";
            return Future.succeededFuture(Optional.of(EdgeReport.notForwarded(reason)));
        }
        return toEdge(EdgePurge.tags(literal), hard, "purged there as the route's tags " + String.join(", ", literal));
    }

    private Future<Optional<EdgeReport>> toEdge(EdgePurge purge, boolean hard, String note) {
        if (edge.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return edge.get().forward(purge).map(report -> Optional.of(report.withNote(note).withNote(hard ? "" : SOFT_AT_THE_EDGE)));
    }

    private static Future<Purges.Outcome> combined(List<Future<Purges.Outcome>> outcomes) {
        return Future.all(outcomes).map(all -> Purges.Outcome.combine(all.list(), ""));
    }

    /** True when the running policy has a route named {@code name}. */
    public boolean hasRoute(String name) {
        return routeNamed(name).isPresent();
    }

    private Optional<Route> routeNamed(String name) {
        Policy current = policy.get().policy();
        return current.defaultRoute().name().equals(name) ? Optional.of(current.defaultRoute())
                : current.routes().stream().filter(route -> route.name().equals(name)).findFirst();
    }

    /** Host (lower case, default port dropped) and normalised path as the keys have them; a query is compared as written. */
    private static String canonicalPrefix(URI uri) {
        String host = uri.getRawAuthority().replaceFirst("^[^@]*@", "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return host.toLowerCase(java.util.Locale.ROOT).replaceFirst(":80$", "") + RequestParts.normalisePath(path)
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static List<String> nonEmpty(List<String> values, String name) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty");
        }
        return values;
    }

    private CacheKey keyOf(String url) {
        return UrlKeys.of(policy.get().policy(), url).key();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": empty");
        }
    }
}
