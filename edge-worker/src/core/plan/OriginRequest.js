import { ForwardingHeaders } from "../http/ForwardingHeaders.js";

/** The request field that tells the origin which segment a cacheable request belongs to. */
export const SEGMENT_FIELD = "Tiergate-Segment";

/**
 * What a cacheable fetch sends the origin: a GET for the keyed target, with only the client fields that
 * may shape a shared response, the stored entry's validators when it revalidates, and the allow-listed
 * segment. The twin of `dev.tiergate.plan.OriginRequest`.
 */
export class OriginRequest {
  /**
   * @param {string} target the normalised path with the keyed query parameters only, in request order
   * @param {Headers} clientFields the client's fields that are forwarded; a stored Vary is matched against
   *     these, since a field that was withheld could not have shaped the response
   * @param {boolean} conditional true when the fetch revalidates a stored entry with its validators
   * @param {Headers} validators the stored entry's validators
   * @param {string} segmentField the `name=value` sent as `Tiergate-Segment`; empty without a segment
   */
  constructor(target, clientFields, conditional, validators, segmentField) {
    this.target = target;
    this.clientFields = clientFields;
    this.conditional = conditional;
    this.validators = validators;
    this.segmentField = segmentField;
    Object.freeze(this);
  }

  /**
   * The request's fields as the origin receives them: hop-by-hop fields removed, forwarding fields
   * appended, validators and the segment set.
   *
   * @param {string} clientAddress the client's IP address, appended to `X-Forwarded-For`
   * @param {string} scheme `http` or `https`, as the client used it
   * @param {string} originAuthority the `Host` the origin is sent
   * @returns {Headers}
   */
  headers(clientAddress, scheme, originAuthority) {
    const fields = ForwardingHeaders.toOrigin(
      this.clientFields,
      clientAddress,
      scheme,
      originAuthority,
      true,
    ).toBuilder();
    for (const [name, value] of this.validators.entries()) {
      fields.set(name, value);
    }
    if (this.segmentField !== "") {
      // The origin personalises by the allow-listed segment, never by a raw value the client chose.
      fields.set(SEGMENT_FIELD, this.segmentField);
    }
    return fields.build();
  }
}

OriginRequest.SEGMENT_FIELD = SEGMENT_FIELD;
