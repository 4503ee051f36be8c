package dev.tiergate.policy;

import dev.tiergate.http.Headers;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a request's segment: the raw value from its source, held to the definition's
 * allow-list. A JWT segment reads only verified claims; a missing or invalid token gets the
 * default segment (a route that rejects invalid tokens never gets this far).
 */
public final class Segments {

    private Segments() {
    }

    public static String resolve(SegmentDefinition definition, Headers headers, List<RequestParts.Parameter> query, TokenResult token) {
        Optional<String> raw = switch (definition.source()) {
            case JWT -> token.state() == TokenResult.State.VALID ? token.claim(definition.field()) : Optional.empty();
            case HEADER -> headers.first(definition.field()).map(RequestParts::trimOws);
            case COOKIE -> Optional.ofNullable(RequestParts.cookies(headers.all("Cookie")).get(definition.field()));
            case QUERY -> RequestParts.parameter(query, definition.field());
        };
        return definition.resolve(raw);
    }
}
