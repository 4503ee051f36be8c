package dev.tiergate.originsim;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Decides whether a GET/HEAD can be answered with 304 Not Modified (RFC 9110 section 13.2.2). */
final class ConditionalRequests {

    private ConditionalRequests() {}

    /**
     * @param etag the current entity tag, or null when the resource has none
     * @param lastModified the current Last-Modified, or null when the resource has none
     */
    static boolean notModified(HttpServerRequest request, String etag, Instant lastModified) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return false;
        }
        List<String> ifNoneMatch = request.headers().getAll(HttpHeaders.IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            // If-None-Match takes precedence: If-Modified-Since is then ignored entirely.
            return EntityTags.noneMatchHits(String.join(",", ifNoneMatch), etag);
        }
        if (lastModified == null) {
            return false;
        }
        Optional<Instant> since = HttpDates.parse(request.getHeader(HttpHeaders.IF_MODIFIED_SINCE));
        // HTTP dates have one-second resolution, so compare at that resolution.
        return since
                .map(s -> !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(s))
                .orElse(false);
    }
}
