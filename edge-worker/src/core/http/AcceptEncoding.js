/** A weight in thousandths: qvalues have at most three decimals. Package-private on the Java side. */
const FULL_WEIGHT = 1000;
const BR = "br";
const GZIP = "gzip";
const IDENTITY = "identity";

/** RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/;
/** RFC 9110 §5.6.2 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Accept-Encoding (RFC 9110 §12.5.3) reduced to what the cache can tell apart: the twin of the gateway's
 * `dev.tiergate.http.AcceptEncoding`.
 *
 * Clients spell the field in countless ways. The cache distinguishes only the coding a client would prefer among
 * `br` and `gzip`, or `identity` when it accepts neither, so every request falls into one of three classes. The
 * responses stored for a class are checked again when served (`accepts`), so a class never hands a client a coding
 * it refused.
 */
export const AcceptEncoding = Object.freeze({
  BR,
  GZIP,
  IDENTITY,
  FULL_WEIGHT,

  /**
   * The class a request's Accept-Encoding falls into: `br` or `gzip`, whichever has the higher weight (`br` on a
   * tie), or `identity` when neither is acceptable. Deliberate deviation: a request without the field is identity.
   *
   * @param {string | undefined} value
   * @returns {string}
   */
  normalise(value) {
    const weights = AcceptEncoding.weights(value);
    const br = AcceptEncoding.weight(weights, BR);
    const gzip = AcceptEncoding.weight(weights, GZIP);
    if (br === 0 && gzip === 0) {
      return IDENTITY;
    }
    return br >= gzip ? BR : GZIP;
  },

  /**
   * Whether a client with this Accept-Encoding can take a response with this Content-Encoding: every coding
   * applied must be acceptable. A response without codings is always served.
   *
   * @param {string | undefined} acceptEncoding
   * @param {string | undefined} contentEncoding
   * @returns {boolean}
   */
  accepts(acceptEncoding, contentEncoding) {
    if (contentEncoding === undefined) {
      return true;
    }
    const weights = AcceptEncoding.weights(acceptEncoding);
    for (const member of contentEncoding.split(",")) {
      const coding = AcceptEncoding.canonicalCoding(trimOws(member));
      if (coding.length > 0 && coding !== IDENTITY && AcceptEncoding.weight(weights, coding) === 0) {
        return false;
      }
    }
    return true;
  },

  /**
   * The weight of a coding in thousandths (RFC 9110 §12.5.3: listed, else "*", identity acceptable unless
   * excluded). Package-private on the Java side.
   *
   * @param {ReadonlyMap<string, number>} weights
   * @param {string} coding
   * @returns {number}
   */
  weight(weights, coding) {
    const listed = weights.get(coding);
    if (listed !== undefined) {
      return listed;
    }
    const any = weights.get("*");
    if (coding === IDENTITY) {
      return any === 0 ? 0 : FULL_WEIGHT;
    }
    return any === undefined ? 0 : any;
  },

  /**
   * The weight of each coding listed, lower-cased, `x-gzip` read as `gzip`; the first mention counts. A member that
   * is not a token, or whose weight is not a qvalue, is ignored. Package-private on the Java side.
   *
   * @param {string | undefined} value
   * @returns {Map<string, number>}
   */
  weights(value) {
    const weights = new Map();
    if (value === undefined) {
      return weights;
    }
    for (const member of value.split(",")) {
      const parts = member.split(";");
      const coding = trimOws(parts[0]);
      if (!TOKEN.test(coding)) {
        continue;
      }
      let weight = FULL_WEIGHT;
      let valid = true;
      for (let i = 1; i < parts.length; i++) {
        const parameter = trimOws(parts[i]);
        if (parameter.length >= 2 && (parameter[0] === "q" || parameter[0] === "Q") && parameter[1] === "=") {
          const qvalue = parameter.substring(2);
          valid = QVALUE.test(qvalue);
          weight = valid ? thousandths(qvalue) : 0;
          break;
        }
      }
      const canonical = AcceptEncoding.canonicalCoding(coding);
      if (valid && !weights.has(canonical)) {
        weights.set(canonical, weight);
      }
    }
    return weights;
  },

  /**
   * RFC 9110 §8.4.1.3: "x-gzip" is "gzip"; codings are case-insensitive (ASCII only, as on the Java side).
   *
   * @param {string} coding
   * @returns {string}
   */
  canonicalCoding(coding) {
    const lower = coding.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
    return lower === "x-gzip" ? GZIP : lower;
  },
});

/**
 * A qvalue the pattern accepted, in thousandths.
 *
 * @param {string} qvalue
 * @returns {number}
 */
function thousandths(qvalue) {
  if (qvalue[0] === "1") {
    return FULL_WEIGHT;
  }
  const decimals = qvalue.length > 2 ? qvalue.substring(2) : "";
  return decimals.length === 0 ? 0 : Number.parseInt((decimals + "00").substring(0, 3), 10);
}

/**
 * RFC 9110 OWS: spaces and tabs only.
 *
 * @param {string} text
 * @returns {string}
 */
function trimOws(text) {
  return text.replace(/^[ \t]+|[ \t]+$/g, "");
}
