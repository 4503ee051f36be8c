/**
 * A segment: a bounded set of audiences that get separate cache entries. The twin of
 * `dev.tiergate.policy.SegmentDefinition`.
 */
export class SegmentDefinition {
  /**
   * @param {string} name the segment's name in the policy
   * @param {string} source one of {@link SegmentDefinition.Source}: where the raw value comes from
   * @param {string} field the claim, header, cookie or query parameter name
   * @param {ReadonlyArray<string>} values the allowed values; anything else maps to `defaultValue`
   * @param {string} defaultValue the segment for missing or unlisted values (and, on routes that
   *     allow it, invalid tokens)
   */
  constructor(name, source, field, values, defaultValue) {
    if (!Object.values(Source).includes(source)) {
      // The Java enum cannot hold anything else; a string can.
      throw new Error(`source: "${source}" (expected one of: ${Object.values(Source).join(", ")})`);
    }
    /** @type {string} */
    this.name = name;
    /** @type {string} one of {@link SegmentDefinition.Source} */
    this.source = source;
    /** @type {string} */
    this.field = field;
    /** @type {ReadonlyArray<string>} */
    this.values = Object.freeze([...values]);
    /** @type {string} */
    this.defaultValue = defaultValue;
    Object.freeze(this);
  }

  /**
   * The segment for a raw value: itself when allowed, else the default.
   * @param {string | undefined} raw the value from the source, undefined when it has none
   * @returns {string}
   */
  resolve(raw) {
    return raw !== undefined && this.values.includes(raw) ? raw : this.defaultValue;
  }
}

/**
 * Where a segment's raw value comes from. Each constant is its policy spelling, so the Java
 * `spelling()` is the value itself.
 */
const Source = Object.freeze({
  /** A claim of a verified JWT. */
  JWT: "jwt",
  /** A request header. */
  HEADER: "header",
  /** A cookie. */
  COOKIE: "cookie",
  /** A query parameter. */
  QUERY: "query",
});

SegmentDefinition.Source = Source;
