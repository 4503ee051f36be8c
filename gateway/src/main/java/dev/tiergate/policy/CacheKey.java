package dev.tiergate.policy;

/**
 * A request's cache key as the policy derives it.
 *
 * @param canonical the URL family: host, normalised path and keyed query parameters, sorted
 * @param hash the stored key: SHA-256 of {@code canonical}, hex
 * @param variant the policy's variant dimensions (segment, keyed headers and cookies), one
 *     {@code kind:name=value} line each; entries of one family differ by it and by Vary
 * @param segment the segment value, empty when the route keys none
 * @param forwardTarget the request target sent to the origin: normalised path and only the keyed
 *     query parameters, so that nothing left out of the key can change a shared response
 */
public record CacheKey(String canonical, String hash, String variant, String segment, String forwardTarget) {
}
