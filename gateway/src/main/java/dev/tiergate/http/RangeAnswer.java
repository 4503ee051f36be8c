package dev.tiergate.http;

import java.util.Optional;

/**
 * How a stored response answers a request that may carry Range (RFC 9110 §14.2): the Range field applies
 * only to GET, only to a complete 200, and only when If-Range permits it.
 */
public final class RangeAnswer {

    private RangeAnswer() {
    }

    /** The answer to nearly every request, a hit's included: made once rather than per request. */
    private static final ByteRanges.Full NO_RANGE = new ByteRanges.Full("no-range");

    /**
     * The outcome of the request's Range against a stored response of {@code lengthBytes}; {@link ByteRanges.Full}
     * when there is nothing to apply.
     */
    public static ByteRanges.Outcome of(String method, Headers requestHeaders, int storedStatus, Headers storedHeaders,
                                        long lengthBytes) {
        Optional<String> range = requestHeaders.combined("Range");
        if (range.isEmpty()) {
            return NO_RANGE;
        }
        // "A server MUST ignore a Range header field received with a request method that is unrecognized or for
        // which range handling is not defined. For this specification, GET is the only method for which range
        // handling is defined."
        if (!method.equals("GET")) {
            return new ByteRanges.Full("method");
        }
        // Only a complete representation can be cut; a stored 206 does not exist (206 is never stored).
        if (storedStatus != 200) {
            return new ByteRanges.Full("status");
        }
        // RFC 9110 §13.1.5: "A server MUST ignore an If-Range header field received in a request that does not
        // contain a Range header field"; with Range, a failed If-Range means the whole representation.
        if (!IfRange.permitsRange(requestHeaders.first("If-Range"), storedHeaders)) {
            return new ByteRanges.Full("if-range");
        }
        return ByteRanges.resolve(range.get(), lengthBytes);
    }
}
