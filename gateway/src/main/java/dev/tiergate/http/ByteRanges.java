package dev.tiergate.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Byte ranges (RFC 9110 §14.1.2) of a {@code Range} request against a representation of known length.
 *
 * <p>The cache answers ranges only from a complete stored response, so the set is resolved against its
 * length: satisfiable ranges are clipped, sorted and coalesced. Sets that are malformed or that look like
 * abuse are ignored (the full response is served), as RFC 9110 §14.2 allows: "A server MAY ignore the Range
 * header field."
 */
public final class ByteRanges {

    /** Most ranges honoured in one request; more is answered in full. */
    public static final int MAX_RANGES = 16;
    /** Most ranges that may overlap another; more is answered in full. */
    public static final int MAX_OVERLAPS = 2;
    /** Longest Range value read; a longer one is ignored. */
    public static final int MAX_FIELD_LENGTH = 1024;

    /**
     * One requested range as written: {@code first-last}, {@code first-} ({@code last} -1) or the suffix
     * {@code -length} ({@code first} -1, {@code last} the suffix length).
     */
    public record Spec(long first, long last) {
        boolean isSuffix() {
            return first < 0;
        }
    }

    /** One range resolved against the representation: both ends inclusive, {@code first <= last < length}. */
    public record Slice(long first, long last) {
        /** The number of bytes in the range. */
        public long lengthBytes() {
            return last - first + 1;
        }

        /** The Content-Range value of this range of a representation of {@code length} bytes. */
        public String contentRange(long length) {
            return "bytes " + first + "-" + last + "/" + length;
        }
    }

    /** What a range request gets. */
    public sealed interface Outcome {
    }

    /** The whole representation, as for a request without Range (the field is ignored). */
    public record Full(String reason) implements Outcome {
    }

    /** 206 with these ranges, ascending and disjoint; one range is a single part, several are multipart/byteranges. */
    public record Partial(List<Slice> slices) implements Outcome {
        public Partial {
            slices = List.copyOf(slices);
        }
    }

    /** 416: no range overlaps the representation. */
    public record Unsatisfiable() implements Outcome {
    }

    private ByteRanges() {
    }

    /**
     * The ranges of a Range value: {@code bytes=} followed by a comma-separated list of range specs
     * (RFC 9110 §14.1.2). Empty when the unit is not bytes or the value is malformed: such a field is ignored.
     */
    public static Optional<List<Spec>> parse(String value) {
        if (value.length() > MAX_FIELD_LENGTH) {
            return Optional.empty();
        }
        int equals = value.indexOf('=');
        // range-unit is case-insensitive (RFC 9110 §14.1).
        if (equals < 0 || !value.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return Optional.empty();
        }
        List<Spec> specs = new ArrayList<>();
        for (String member : value.substring(equals + 1).split(",", -1)) {
            String spec = member.strip();
            if (spec.isEmpty()) {
                // "1#range-spec" allows empty list elements, which recipients ignore (RFC 9110 §5.6.1.2).
                continue;
            }
            Optional<Spec> parsed = parseSpec(spec);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            specs.add(parsed.get());
        }
        return specs.isEmpty() ? Optional.empty() : Optional.of(specs);
    }

    private static Optional<Spec> parseSpec(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash);
        String last = spec.substring(dash + 1);
        if (first.isEmpty()) {
            // suffix-range = "-" suffix-length
            return digits(last).map(length -> new Spec(-1, length));
        }
        Optional<Long> firstPos = digits(first);
        if (firstPos.isEmpty()) {
            return Optional.empty();
        }
        if (last.isEmpty()) {
            return Optional.of(new Spec(firstPos.get(), -1));
        }
        Optional<Long> lastPos = digits(last);
        // "A byte-range-spec is invalid if the last-pos value is present and less than the first-pos."
        if (lastPos.isEmpty() || lastPos.get() < firstPos.get()) {
            return Optional.empty();
        }
        return Optional.of(new Spec(firstPos.get(), lastPos.get()));
    }

    /** 1*DIGIT that fits a long; a position beyond any representation the cache holds is still a position. */
    private static Optional<Long> digits(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(Long.parseLong(text));
    }

    /**
     * What a request with this Range value gets from a complete representation of {@code length} bytes.
     */
    public static Outcome resolve(String rangeValue, long length) {
        Optional<List<Spec>> specs = parse(rangeValue);
        if (specs.isEmpty()) {
            return new Full("malformed");
        }
        if (specs.get().size() > MAX_RANGES) {
            return new Full("too-many-ranges");
        }
        List<Slice> slices = new ArrayList<>();
        for (Spec spec : specs.get()) {
            toSlice(spec, length).ifPresent(slices::add);
        }
        if (slices.isEmpty()) {
            return new Unsatisfiable();
        }
        slices.sort(Comparator.comparingLong(Slice::first));
        List<Slice> coalesced = new ArrayList<>();
        int overlaps = 0;
        for (Slice slice : slices) {
            Slice previous = coalesced.isEmpty() ? null : coalesced.get(coalesced.size() - 1);
            if (previous != null && slice.first() <= previous.last() + 1) {
                if (slice.first() <= previous.last()) {
                    overlaps++;
                }
                coalesced.set(coalesced.size() - 1, new Slice(previous.first(), Math.max(previous.last(), slice.last())));
            } else {
                coalesced.add(slice);
            }
        }
        // RFC 9110 §14.2: a server "MAY ignore or reject a Range header field that contains ... more than two
        // overlapping ranges": they cost more to send than the representation itself.
        if (overlaps > MAX_OVERLAPS) {
            return new Full("overlapping-ranges");
        }
        return new Partial(coalesced);
    }

    /**
     * RFC 9110 §14.1.2: a range is satisfiable when its first position is below the length, or a suffix of
     * non-zero length is asked of a non-empty representation; the last position is clipped to the length.
     */
    private static Optional<Slice> toSlice(Spec spec, long length) {
        if (length == 0) {
            return Optional.empty();
        }
        if (spec.isSuffix()) {
            // "If the selected representation is shorter than the specified suffix-length, the entire representation is used."
            return spec.last() == 0 ? Optional.empty() : Optional.of(new Slice(Math.max(0, length - spec.last()), length - 1));
        }
        if (spec.first() >= length) {
            return Optional.empty();
        }
        long last = spec.last() < 0 ? length - 1 : Math.min(spec.last(), length - 1);
        return Optional.of(new Slice(spec.first(), last));
    }

    /** The Content-Range of a 416 (RFC 9110 §14.4): {@code bytes *}{@code /length}. */
    public static String unsatisfiedRange(long length) {
        return "bytes */" + length;
    }
}
