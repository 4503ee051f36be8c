/**
 * A route's path pattern: literal segments, `{name}` for one segment captured as a parameter, `*`
 * for one segment, and a trailing `**` for any remainder. The twin of
 * `dev.tiergate.policy.PathPattern`.
 */
export class PathPattern {
  /** Use {@link PathPattern.compile}. */
  constructor(source, regex, parameterNames) {
    this.source = source;
    this.regex = regex;
    this.names = Object.freeze([...parameterNames]);
    Object.freeze(this);
  }

  /**
   * Compiles a pattern.
   * @param {string} pattern
   * @returns {PathPattern}
   * @throws {Error} with the reason when the pattern is malformed
   */
  static compile(pattern) {
    if (!pattern.startsWith("/")) {
      throw new Error('must start with "/"');
    }
    let regex = "";
    const names = [];
    const segments = pattern.substring(1).split("/");
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      if (segment === "**") {
        if (i !== segments.length - 1) {
          throw new Error('"**" is allowed only as the last segment');
        }
        // "/static/**" matches "/static" and everything below it. Java's "." stops at its line
        // terminators, which include U+0085 where JavaScript's does not.
        regex += "(?:/[^\\n\\r\\u0085\\u2028\\u2029]*)?";
        continue;
      }
      regex += "/";
      if (segment === "*") {
        regex += "[^/]+";
        continue;
      }
      const parameter = PARAMETER.exec(segment);
      if (parameter !== null) {
        const name = parameter[1];
        if (names.includes(name)) {
          throw new Error(`parameter {${name}} appears twice`);
        }
        names.push(name);
        regex += "([^/]+)";
        continue;
      }
      if (segment.includes("{") || segment.includes("}") || segment.includes("*")) {
        throw new Error(`segment "${segment}" mixes text with a wildcard or parameter`);
      }
      regex += quote(segment);
    }
    // Anchored at both ends because the Java side uses Matcher.matches (the whole path).
    return new PathPattern(pattern, new RegExp(`^${regex}$`), names);
  }

  /**
   * The named parameters when the path matches, in pattern order; undefined when it does not.
   * @param {string} path
   * @returns {Map<string, string> | undefined}
   */
  match(path) {
    const matched = this.regex.exec(path);
    if (matched === null) {
      return undefined;
    }
    const parameters = new Map();
    for (let i = 0; i < this.names.length; i++) {
      parameters.set(this.names[i], matched[i + 1]);
    }
    return parameters;
  }

  /**
   * The names of the `{parameters}`, in order.
   * @returns {ReadonlyArray<string>}
   */
  parameterNames() {
    return this.names;
  }

  /** @returns {string} the pattern as the policy spells it */
  toString() {
    return this.source;
  }
}

const PARAMETER = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/;

/** The segment as a literal, like Java's Pattern.quote. */
function quote(text) {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
