package dev.tiergate.proxy;

import dev.tiergate.http.ByteRanges;
import dev.tiergate.http.Headers;
import dev.tiergate.http.MultipartByteranges;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The 206 of a range request served from a stored 200: the fields that change (Content-Range, or the
 * multipart Content-Type) and the body, cut from the stored one.
 *
 * @param fields fields to add to the stored ones
 * @param replacesContentType true for multipart/byteranges, whose Content-Type takes the stored one's place
 */
record RangeResponse(Headers fields, byte[] body, boolean replacesContentType) {

    /** The 206 for these ranges of a stored body. */
    static RangeResponse of(ByteRanges.Partial partial, Headers storedHeaders, byte[] stored) {
        if (partial.slices().size() == 1) {
            ByteRanges.Slice slice = partial.slices().get(0);
            byte[] body = Arrays.copyOfRange(stored, (int) slice.first(), (int) slice.last() + 1);
            return new RangeResponse(Headers.of("Content-Range", slice.contentRange(stored.length)), body, false);
        }
        // 128 random bits: a boundary that occurs in the body by chance is not a concern at that length.
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        String boundary = "tiergate-" + HexFormat.of().formatHex(random);
        byte[] body = MultipartByteranges.body(boundary, storedHeaders.first("Content-Type"), partial.slices(), stored);
        return new RangeResponse(Headers.of("Content-Type", MultipartByteranges.contentType(boundary)), body, true);
    }
}
