import { RequestParts } from "./RequestParts.js";
import { SegmentDefinition } from "./SegmentDefinition.js";
import { TokenResult } from "./TokenResult.js";

/**
 * Resolves a request's segment: the raw value from its source, held to the definition's allow-list.
 * A JWT segment reads only verified claims; a missing or invalid token gets the default segment (a
 * route that rejects invalid tokens never gets this far). The twin of `dev.tiergate.policy.Segments`.
 */
export const Segments = Object.freeze({
  /**
   * The request's segment value.
   * @param {SegmentDefinition} definition
   * @param {import("../http/Headers.js").Headers} headers the request fields
   * @param {ReadonlyArray<InstanceType<typeof RequestParts.Parameter>>} query the request's query parameters
   * @param {TokenResult} token the verified bearer token's outcome
   * @returns {string}
   */
  resolve(definition, headers, query, token) {
    return definition.resolve(raw(definition, headers, query, token));
  },
});

function raw(definition, headers, query, token) {
  switch (definition.source) {
    case SegmentDefinition.Source.JWT:
      return token.state === TokenResult.State.VALID ? token.claim(definition.field) : undefined;
    case SegmentDefinition.Source.HEADER: {
      const value = headers.first(definition.field);
      return value === undefined ? undefined : RequestParts.trimOws(value);
    }
    case SegmentDefinition.Source.COOKIE:
      return RequestParts.cookies(headers.all("Cookie")).get(definition.field);
    default: // SegmentDefinition.Source.QUERY: the constructor admits no other
      return RequestParts.parameter(query, definition.field);
  }
}
