import { AcceptEncoding } from "./AcceptEncoding.js";
import { javaTrim } from "../lang/JavaText.js";

/** Marks a field that was absent from the request, which only matches another absence. */
const ABSENT = "\u0000absent";

/**
 * Secondary cache keys from `Vary` (RFC 9111 §4.1): the twin of the gateway's `dev.tiergate.http.VaryMatch`.
 *
 * The request fields a stored response varies on are normalised and recorded with the response; a later request
 * matches only when its normalised values are equal. `Vary: *` never matches.
 */
export const VaryMatch = Object.freeze({
  /** Package-private on the Java side. */
  ABSENT,

  /**
   * The lower-cased field names listed in the response's Vary fields, in order.
   *
   * @param {Headers} responseHeaders
   * @returns {string[]}
   */
  fields(responseHeaders) {
    const names = [];
    for (const value of responseHeaders.all("Vary")) {
      // Java's split drops trailing empty members; empty members are skipped here anyway.
      for (const member of value.split(",")) {
        const name = javaTrim(member).toLowerCase();
        if (name.length > 0 && !names.includes(name)) {
          names.push(name);
        }
      }
    }
    return names;
  },

  /**
   * The secondary key of a request for a response that varies on `varyFields`: one `name=value` line per field,
   * values normalised. Undefined when the fields include "*".
   *
   * @param {readonly string[]} varyFields lower-case field names, as `fields` gives them
   * @param {Headers} requestHeaders
   * @returns {string | undefined}
   */
  secondaryKey(varyFields, requestHeaders) {
    let key = "";
    for (const field of varyFields) {
      if (field === "*") {
        // "A stored response with a Vary header field value containing a member "*" always fails to match."
        return undefined;
      }
      key += field + "=" + VaryMatch.normalise(field, requestHeaders.combined(field)) + "\n";
    }
    return key;
  },

  /**
   * Normalises a field value so that semantically identical values compare equal: list members are trimmed;
   * Accept-Encoding becomes the class of codings the cache tells apart (`AcceptEncoding.normalise`).
   * Package-private on the Java side.
   *
   * @param {string} field
   * @param {string | undefined} value
   * @returns {string}
   */
  normalise(field, value) {
    if (field === "accept-encoding") {
      // Three classes instead of one entry per spelling; an absent field is identity too.
      return AcceptEncoding.normalise(value);
    }
    if (value === undefined) {
      return ABSENT;
    }
    const members = [];
    for (const member of value.split(",")) {
      // Java's `\s` is ASCII whitespace only; JavaScript's would also take U+00A0 and other spaces.
      const trimmed = javaTrim(member).replace(/[ \t\n\v\f\r]*;[ \t\n\v\f\r]*/g, ";");
      if (trimmed.length > 0) {
        members.push(trimmed);
      }
    }
    return members.join(",");
  },

  /**
   * Splits a secondary key back into the field names it covers (for diagnostics).
   *
   * @param {string} secondaryKey
   * @returns {string[]}
   */
  fieldsOf(secondaryKey) {
    return secondaryKey
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => {
        const equals = line.indexOf("=");
        // Java's substring(0, -1) throws rather than giving "": a line without "=" is not a key line.
        if (equals < 0) {
          throw new RangeError(`begin 0, end ${equals}, length ${line.length}`);
        }
        return line.substring(0, equals);
      });
  },
});
