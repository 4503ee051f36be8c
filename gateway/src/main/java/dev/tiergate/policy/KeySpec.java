package dev.tiergate.policy;

import java.util.List;
import java.util.Optional;

/**
 * What a route's cache key is made of, beyond host and normalised path.
 *
 * @param query which query parameters are keyed
 * @param headers request fields whose values make separate entries (lower case)
 * @param cookies cookie names whose values make separate entries
 * @param segment the segment definition that makes separate entries, if any
 */
public record KeySpec(QueryRule query, List<String> headers, List<String> cookies, Optional<String> segment) {

    /** Host, path and every query parameter. */
    public static final KeySpec DEFAULT = new KeySpec(QueryRule.ALL, List.of(), List.of(), Optional.empty());

    public KeySpec {
        headers = List.copyOf(headers);
        cookies = List.copyOf(cookies);
    }
}
