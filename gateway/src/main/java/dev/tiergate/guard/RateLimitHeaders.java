package dev.tiergate.guard;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.RateLimitSpec;

/**
 * The response fields that tell a client about its limit, in the structured-field form of the IETF httpapi
 * "RateLimit header fields for HTTP" draft:
 *
 * <pre>
 * RateLimit-Policy: "&lt;route&gt;";q=&lt;burst&gt;;w=&lt;window seconds&gt;
 * RateLimit: "&lt;route&gt;";r=&lt;remaining&gt;;t=&lt;reset seconds&gt;
 * Retry-After: &lt;seconds&gt;            (refusals only)
 * </pre>
 *
 * <p>The window is the time a greedy refill takes to fill an empty bucket ({@code burst / limit × period}),
 * rounded up to whole seconds, so that {@code q} per {@code w} states the same sustained rate as the route's
 * {@code limit} per {@code period} even when the burst differs from the limit.
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String RATE_LIMIT = "RateLimit";
    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    /** The fields for one decision on the named route; a pure function of its arguments. */
    public static Headers of(RateLimitSpec spec, String routeName, RateLimitDecision decision) {
        String name = sfString(routeName);
        Headers.Builder builder = Headers.builder()
                .add(POLICY, name + ";q=" + spec.burst() + ";w=" + windowSeconds(spec))
                .add(RATE_LIMIT, name + ";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
        if (!decision.allowed()) {
            builder.add(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        }
        return builder.build();
    }

    /** Seconds for a greedy refill to fill the bucket, at least 1 because the draft's {@code w} is a positive integer. */
    static long windowSeconds(RateLimitSpec spec) {
        return Math.max(1, RateLimiter.ceilSeconds(RateLimiter.timeToFill(spec)));
    }

    /**
     * A structured-field string (RFC 8941 §3.3.3): only printable ASCII is allowed, so anything else is replaced
     * rather than letting a route name produce a field the client cannot parse.
     */
    private static String sfString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
