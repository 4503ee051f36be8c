package dev.tiergate.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Secondary cache keys from {@code Vary} (RFC 9111 §4.1).
 *
 * <p>The request fields a stored response varies on are normalised and recorded with the
 * response; a later request matches only when its normalised values are equal. {@code Vary: *}
 * never matches.
 */
public final class VaryMatch {

    /** Marks a field that was absent from the request, which only matches another absence. */
    static final String ABSENT = "\u0000absent";

    private VaryMatch() {
    }

    /** The lower-cased field names listed in the response's Vary fields, in order. */
    public static List<String> fields(Headers responseHeaders) {
        List<String> names = new ArrayList<>();
        for (String value : responseHeaders.all("Vary")) {
            for (String member : value.split(",")) {
                String name = member.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * The secondary key of a request for a response that varies on {@code varyFields}: one
     * {@code name=value} line per field, values normalised. Empty when the fields include "*".
     */
    public static Optional<String> secondaryKey(List<String> varyFields, Headers requestHeaders) {
        StringBuilder key = new StringBuilder();
        for (String field : varyFields) {
            if (field.equals("*")) {
                // "A stored response with a Vary header field value containing a member "*" always fails to match."
                return Optional.empty();
            }
            key.append(field).append('=').append(normalise(field, requestHeaders.combined(field))).append('\n');
        }
        return Optional.of(key.toString());
    }

    /**
     * Normalises a field value so that semantically identical values compare equal: list
     * members are trimmed; Accept-Encoding becomes the class of codings the cache tells apart
     * ({@link AcceptEncoding#normalise}).
     */
    static String normalise(String field, Optional<String> value) {
        if (field.equals("accept-encoding")) {
            // Three classes instead of one entry per spelling; an absent field is identity too.
            return AcceptEncoding.normalise(value);
        }
        if (value.isEmpty()) {
            return ABSENT;
        }
        List<String> members = new ArrayList<>();
        for (String member : value.get().split(",")) {
            String trimmed = member.trim().replaceAll("\\s*;\\s*", ";");
            if (!trimmed.isEmpty()) {
                members.add(trimmed);
            }
        }
        return String.join(",", members);
    }

    /** Splits a secondary key back into the field names it covers (for diagnostics). */
    public static List<String> fieldsOf(String secondaryKey) {
        return Arrays.stream(secondaryKey.split("\n")).filter(line -> !line.isEmpty())
                .map(line -> line.substring(0, line.indexOf('='))).toList();
    }
}
