package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.http.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Explains what a policy does with a request: which route matched and why the earlier ones did
 * not, the segment, the canonical key and its hash, and the effective cache rule.
 */
public final class PolicyExplainer {

    private PolicyExplainer() {
    }

    /**
     * The explanation as text lines.
     *
     * @param method the request method
     * @param target the request target ({@code /path?query})
     * @param headers the request fields; Host defaults to {@code localhost}
     * @param token the verified token, if the caller could verify one
     */
    public static List<String> explain(Policy policy, String method, String target, Headers headers, TokenResult token) {
        String host = headers.first("Host").orElse("localhost");
        // Routes match the normalised path, as the gateway does: "/a/../b" is "/b".
        String path = RequestParts.normalisePath(RequestParts.path(target));
        List<String> lines = new ArrayList<>();
        lines.add("request:   " + method + " " + target + "  (Host: " + host + ")");
        if (policy.trustedUpstreams().isEnabled()) {
            // The explainer has no connection: the request is read as a trusted upstream's would not be.
            lines.add("upstreams: " + describe(policy.trustedUpstreams()) + "; explained as from an untrusted client");
        }
        Route matched = policy.defaultRoute();
        int index = 0;
        for (Route route : policy.routes()) {
            String mismatch = mismatch(route, host, method, path);
            if (mismatch.isEmpty()) {
                matched = route;
                Map<String, String> parameters = route.path().match(path).orElse(Map.of());
                lines.add("route:     " + route.name() + " (routes[" + index + "]): host " + route.host() + ", methods "
                        + (route.methods().isEmpty() ? "any" : route.methods().stream().sorted().toList()) + ", path " + route.path()
                        + (parameters.isEmpty() ? "" : " " + parameters));
                break;
            }
            lines.add("skipped:   " + route.name() + " (routes[" + index + "]): " + mismatch);
            index++;
        }
        if (matched == policy.defaultRoute()) {
            lines.add("route:     default (no route matched)");
        }
        OriginSettings origin = policy.originOf(matched);
        lines.add("origin:    " + matched.origin() + " " + origin.url() + (origin.preserveHost() ? " (sent the client's Host)" : ""));
        if (matched.cacheRule().bypass()) {
            lines.add("cache:     bypass (forwarded as is, never stored)");
            return lines;
        }
        if (token.state() == TokenResult.State.INVALID && matched.invalidToken() == Route.InvalidToken.REJECT
                && matched.key().segment().map(s -> policy.segments().get(s).source() == SegmentDefinition.Source.JWT).orElse(false)) {
            lines.add("answer:    401 (invalid token: " + token.reason() + "; the route rejects invalid tokens)");
            return lines;
        }
        KeyDerivation.Result result = KeyDerivation.derive(matched, policy.segments(), host, target, headers, token);
        if (result.key().isEmpty()) {
            lines.add("cache:     not cached for this request (" + result.problem() + ")");
            return lines;
        }
        CacheKey key = result.key().get();
        matched.key().segment().ifPresent(name -> {
            SegmentDefinition definition = policy.segments().get(name);
            lines.add("segment:   " + name + " = " + key.segment() + " (from " + definition.source().spelling() + " " + definition.field()
                    + (definition.source() == SegmentDefinition.Source.JWT ? "; token " + token.state().name().toLowerCase(java.util.Locale.ROOT)
                    + (token.reason().isEmpty() ? "" : " (" + token.reason() + ")") : "") + "; allowed " + definition.values()
                    + ", default " + definition.defaultValue() + ")");
        });
        lines.add("key:       " + key.canonical());
        lines.add("hash:      " + key.hash());
        if (!key.variant().isEmpty()) {
            lines.add("variant:   " + String.join(" ", key.variant().strip().split("\n")));
        }
        lines.add("forwarded: " + key.forwardTarget());
        lines.add("rule:      " + describe(matched.cacheRule()));
        if (!matched.tags().isEmpty()) {
            lines.add("tags:      " + String.join(", ", matched.tagsFor(path)));
        }
        boolean gatewayStores = matched.tiers().contains("l1") || matched.tiers().contains("l2");
        String tiersNote = !gatewayStores ? " (edge only: the gateway forwards it, detail=route-tiers)"
                : policy.l2().isEmpty() ? " (no l2 configured: L1 only)" : "";
        lines.add("tiers:     " + String.join(", ", matched.tiers().stream().sorted().toList()) + tiersNote);
        matched.bulkhead().ifPresent(bulkhead -> lines.add("bulkhead:  " + bulkhead.maxConcurrent() + " concurrent origin requests"));
        matched.rateLimit().ifPresent(limit -> lines.add("rateLimit: " + limit.limit() + " per " + limit.period().toSeconds() + "s, burst "
                + limit.burst() + ", by " + limit.by().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + (limit.header().isEmpty() ? "" : " " + limit.header()) + (limit.shared() ? ", shared across instances" : "")));
        return lines;
    }

    private static String mismatch(Route route, String host, String method, String path) {
        if (!route.host().matches(host)) {
            return "host " + route.host() + " does not match " + host;
        }
        if (!route.methods().isEmpty() && !route.methods().contains(method)) {
            return "method " + method + " not in " + route.methods().stream().sorted().toList();
        }
        if (route.path().match(path).isEmpty()) {
            return "path " + path + " does not match " + route.path();
        }
        return "";
    }

    private static String describe(TrustedUpstreams trusted) {
        List<String> conditions = new ArrayList<>();
        if (!trusted.cidrs().isEmpty()) {
            conditions.add("from " + String.join(", ", trusted.cidrs().stream().map(Object::toString).toList()));
        }
        trusted.secretEnv().ifPresent(name -> conditions.add("with the secret in $" + name));
        return "trusted " + String.join(" and ", conditions);
    }

    private static String describe(CacheRule rule) {
        List<String> parts = new ArrayList<>();
        parts.add(rule.ttlSeconds().isPresent() ? "ttl " + rule.ttlSeconds().getAsLong() + "s (overrides the origin)" : "origin freshness");
        add(parts, "minTtl", rule.minTtlSeconds());
        add(parts, "maxTtl", rule.maxTtlSeconds());
        add(parts, "negativeTtl", rule.negativeTtlSeconds());
        add(parts, "staleWhileRevalidate", rule.staleWhileRevalidateSeconds());
        add(parts, "staleIfError", rule.staleIfErrorSeconds());
        parts.add("maxObjectSize " + rule.maxObjectBytes() + "B");
        parts.add("keep " + rule.keepSeconds() + "s");
        if (rule.allowSetCookie()) {
            parts.add("allowSetCookie");
        }
        rule.refresh().beta().ifPresent(beta -> parts.add("earlyRefresh beta " + beta));
        rule.refresh().aheadSeconds().ifPresent(ahead -> parts.add("refreshAhead " + ahead + "s after " + rule.refresh().minHits() + " hits"));
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String name, OptionalLong seconds) {
        if (seconds.isPresent()) {
            parts.add(name + " " + seconds.getAsLong() + "s");
        }
    }
}
