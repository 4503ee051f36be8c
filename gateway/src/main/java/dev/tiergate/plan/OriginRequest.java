package dev.tiergate.plan;

import dev.tiergate.http.ForwardingHeaders;
import dev.tiergate.http.Headers;

/**
 * What a cacheable fetch sends the origin: a GET for the keyed target, with only the client fields
 * that may shape a shared response, the stored entry's validators when it revalidates, and the
 * allow-listed segment.
 *
 * @param target the normalised path with the keyed query parameters only, in request order
 * @param clientFields the client's fields that are forwarded; a stored Vary is matched against these,
 *     since a field that was withheld could not have shaped the response
 * @param conditional true when the fetch revalidates a stored entry with its validators
 * @param validators the stored entry's validators, sent as {@code If-None-Match} / {@code If-Modified-Since}
 * @param segmentField the {@code name=value} sent as {@link RequestPlan#SEGMENT_FIELD}; empty without a segment
 */
public record OriginRequest(String target, Headers clientFields, boolean conditional, Headers validators, String segmentField) {

    /**
     * The request's fields as the origin receives them: hop-by-hop fields removed, forwarding fields
     * appended, validators and the segment set.
     *
     * @param clientAddress the client's IP address, appended to {@code X-Forwarded-For}
     * @param scheme {@code http} or {@code https}, as the client used it
     * @param originAuthority the {@code Host} the origin is sent
     */
    public Headers headers(String clientAddress, String scheme, String originAuthority) {
        Headers.Builder fields = ForwardingHeaders.toOrigin(clientFields, clientAddress, scheme, originAuthority, true).toBuilder();
        validators.entries().forEach(field -> fields.set(field.getKey(), field.getValue()));
        if (!segmentField.isEmpty()) {
            // The origin personalises by the allow-listed segment, never by a raw value the client chose.
            fields.set(RequestPlan.SEGMENT_FIELD, segmentField);
        }
        return fields.build();
    }
}
