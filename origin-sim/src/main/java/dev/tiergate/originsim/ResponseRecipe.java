package dev.tiergate.originsim;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /sim/respond} should answer, as described by the request's query parameters. See
 * README.md for the parameter reference.
 */
record ResponseRecipe(
        int status,
        Fault fault,
        long failEvery,
        List<Map.Entry<String, String>> headers,
        String etag,
        String lastModified,
        String contentType,
        long delayMs,
        BodySource body,
        boolean chunked,
        int chunks,
        long chunkDelayMs) {

    /** Value of the {@code etag} parameter that asks for a tag computed from the body. */
    static final String AUTO_ETAG = "auto";

    /** Value of the {@code body} parameter that asks for the default body without the counter. */
    static final String FIXED_BODY = "fixed";

    static final String DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final long MAX_DELAY_MS = 10 * 60 * 1000;
    private static final long MAX_SIZE = 64L * 1024 * 1024;
    private static final long MAX_CHUNKS = 10_000;
    private static final int DEFAULT_CHUNKS = 4;
    private static final long MAX_CHANGE_EVERY_SECONDS = 1_000_000_000L;

    // Parameters copied verbatim into the response header of the same meaning.
    private static final Map<String, String> HEADER_PARAMETERS = new LinkedHashMap<>();

    static {
        HEADER_PARAMETERS.put("cache-control", "Cache-Control");
        HEADER_PARAMETERS.put("cdn-cache-control", SimHeaders.CDN_CACHE_CONTROL);
        HEADER_PARAMETERS.put("tiergate-cache-control", SimHeaders.TIERGATE_CACHE_CONTROL);
        HEADER_PARAMETERS.put("expires", "Expires");
        HEADER_PARAMETERS.put("pragma", "Pragma");
        HEADER_PARAMETERS.put("vary", "Vary");
        HEADER_PARAMETERS.put("surrogate-key", SimHeaders.SURROGATE_KEY);
        HEADER_PARAMETERS.put("set-cookie", "Set-Cookie");
        HEADER_PARAMETERS.put("last-modified", "Last-Modified");
        HEADER_PARAMETERS.put("age", "Age");
        HEADER_PARAMETERS.put("location", "Location");
    }

    /** Where the response body comes from. */
    sealed interface BodySource permits Literal, Filler, Generated, Versioned {
        Buffer render(String pathAndQuery, long requestCount, Instant now);
    }

    /** The {@code body} parameter, sent as is. */
    record Literal(String text) implements BodySource {
        public Buffer render(String pathAndQuery, long requestCount, Instant now) {
            return Buffer.buffer(text);
        }
    }

    /** {@code size} bytes of deterministic filler. */
    record Filler(int size) implements BodySource {
        public Buffer render(String pathAndQuery, long requestCount, Instant now) {
            return FillerBody.ofSize(size);
        }
    }

    /** The default short text; it includes the request count unless {@code body=fixed}. */
    record Generated(boolean includeCount) implements BodySource {
        public Buffer render(String pathAndQuery, long requestCount, Instant now) {
            return Buffer.buffer(
                    includeCount
                            ? "origin-sim response #" + requestCount + " for " + pathAndQuery + "\n"
                            : "origin-sim response for " + pathAndQuery + "\n");
        }
    }

    /**
     * {@code change_every}: content that changes on a schedule, every {@code seconds} of the origin's clock,
     * and is the same between changes, whoever asks and however often.
     */
    record Versioned(long seconds) implements BodySource {
        public Buffer render(String pathAndQuery, long requestCount, Instant now) {
            return Buffer.buffer("origin-sim version " + version(now) + " for " + pathAndQuery + "\n");
        }

        /** Which version the content is at {@code now}: whole periods since the epoch. */
        long version(Instant now) {
            return Math.floorDiv(now.getEpochSecond(), seconds);
        }
    }

    static ResponseRecipe parse(MultiMap queryParams) {
        QueryParameters params = new QueryParameters(queryParams);
        int status = (int) params.number("status", 200, 200, 599);
        Fault fault = params.string("fault") == null ? Fault.NONE : Fault.parse(params.string("fault"));
        if (fault == Fault.STATUS) {
            throw new InvalidParameterException(
                    "fault=status is for the global mode; use status=N on /sim/respond");
        }
        long failEvery = params.number("fail_every", 1, 1, Long.MAX_VALUE);

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        HEADER_PARAMETERS.forEach(
                (param, header) -> {
                    for (String value : params.all(param)) {
                        headers.add(new SimpleImmutableEntry<>(header, value));
                    }
                });
        for (String raw : params.all("header")) {
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                throw new InvalidParameterException("header must look like Name:Value; got '" + raw + "'");
            }
            headers.add(new SimpleImmutableEntry<>(raw.substring(0, colon).trim(), raw.substring(colon + 1).trim()));
        }

        String etag = params.string("etag");
        if (etag != null && !etag.equals(AUTO_ETAG)) {
            etag = EntityTags.normalize(etag);
        }
        String contentType = params.string("content-type");

        return new ResponseRecipe(
                status,
                fault,
                failEvery,
                List.copyOf(headers),
                etag,
                params.string("last-modified"),
                contentType == null ? DEFAULT_CONTENT_TYPE : contentType,
                params.number("delay_ms", 0, 0, MAX_DELAY_MS),
                bodySource(params),
                params.flag("chunked"),
                (int) params.number("chunks", DEFAULT_CHUNKS, 1, MAX_CHUNKS),
                params.number("chunk_delay_ms", 0, 0, MAX_DELAY_MS));
    }

    private static BodySource bodySource(QueryParameters params) {
        String body = params.string("body");
        if (params.string("change_every") != null) {
            if (body != null || params.string("size") != null) {
                throw new InvalidParameterException("change_every makes the body; drop body and size");
            }
            return new Versioned(params.number("change_every", 1, 1, MAX_CHANGE_EVERY_SECONDS));
        }
        if (body != null && !body.equals(FIXED_BODY)) {
            return new Literal(body);
        }
        if (params.string("size") != null) {
            return new Filler((int) params.number("size", 0, 0, MAX_SIZE));
        }
        return new Generated(body == null);
    }

    /**
     * Whether the request with this per-URL ordinal gets the fault/status; with fail_every=N only
     * every Nth does, the others are a plain 200.
     */
    boolean failsOn(long requestCount) {
        return requestCount % failEvery == 0;
    }
}
