/**
 * An immutable, ordered list of header fields with case-insensitive lookup: the twin of the
 * gateway's `dev.tiergate.http.Headers`.
 *
 * The pure core works on this type instead of the runtime's `Headers` so that decisions can be
 * computed and tested without any Workers global, and so that repeated field lines stay apart
 * exactly as they do on the gateway (the runtime's `Headers` joins them).
 */
export class Headers {
  /** @param {ReadonlyArray<readonly [string, string]>} fields name/value pairs, in order */
  constructor(fields) {
    this.fields = Object.freeze(fields.map(([name, value]) => Object.freeze([name, value])));
    Object.freeze(this);
  }

  /** Headers from alternating names and values: `Headers.of("Cache-Control", "max-age=60")`. */
  static of(...namesAndValues) {
    if (namesAndValues.length % 2 !== 0) {
      throw new Error(`namesAndValues: odd length ${namesAndValues.length} (expected: name, value pairs)`);
    }
    const fields = [];
    for (let i = 0; i < namesAndValues.length; i += 2) {
      fields.push([namesAndValues[i], namesAndValues[i + 1]]);
    }
    return new Headers(fields);
  }

  /** Headers copied from name/value pairs (any iterable, such as the runtime's `Headers`), in order. */
  static copyOf(entries) {
    return new Headers([...entries].map(([name, value]) => [name, value]));
  }

  static builder() {
    return new HeadersBuilder();
  }

  /** The first value of the field, or undefined when it is absent. */
  first(name) {
    const lower = name.toLowerCase();
    for (const [fieldName, value] of this.fields) {
      if (fieldName.toLowerCase() === lower) {
        return value;
      }
    }
    return undefined;
  }

  /** Every value of the field, in order. */
  all(name) {
    const lower = name.toLowerCase();
    const values = [];
    for (const [fieldName, value] of this.fields) {
      if (fieldName.toLowerCase() === lower) {
        values.push(value);
      }
    }
    return values;
  }

  /**
   * All values of a list-based field joined with ", ", as RFC 9110 §5.3 allows a recipient to
   * combine field lines; undefined when the field is absent.
   */
  combined(name) {
    const values = this.all(name);
    return values.length === 0 ? undefined : values.join(", ");
  }

  contains(name) {
    return this.first(name) !== undefined;
  }

  /** The fields as [name, value] pairs, in order. */
  entries() {
    return this.fields;
  }

  /** A copy without the named fields. */
  without(...names) {
    const removed = new Set(names.map((name) => name.toLowerCase()));
    return this.filter((name) => !removed.has(name.toLowerCase()));
  }

  /**
   * The fields whose name the predicate accepts: these headers themselves when it accepts every one, so that
   * removing a field a request does not carry (the upstream secret, on every request) copies nothing.
   */
  filter(keepName) {
    const kept = this.fields.filter(([name]) => keepName(name));
    return kept.length === this.fields.length ? this : new Headers(kept);
  }

  /** A copy where the named field has exactly this one value. */
  with(name, value) {
    return this.toBuilder().set(name, value).build();
  }

  toBuilder() {
    const builder = new HeadersBuilder();
    for (const [name, value] of this.fields) {
      builder.add(name, value);
    }
    return builder;
  }

  /** Sum of the lengths of names and values, used to weigh stored entries. */
  sizeBytes() {
    let size = 0;
    for (const [name, value] of this.fields) {
      size += name.length + value.length + 4;
    }
    return size;
  }

  equals(other) {
    return (
      other instanceof Headers &&
      other.fields.length === this.fields.length &&
      this.fields.every(([name, value], i) => other.fields[i][0] === name && other.fields[i][1] === value)
    );
  }
}

/** No fields at all. */
Headers.EMPTY = new Headers([]);

/** Collects fields in order; `set` replaces every earlier value of a name. */
export class HeadersBuilder {
  constructor() {
    this.fields = [];
  }

  add(name, value) {
    this.fields.push([name, value]);
    return this;
  }

  set(name, value) {
    this.remove(name);
    return this.add(name, value);
  }

  remove(name) {
    const lower = name.toLowerCase();
    this.fields = this.fields.filter(([fieldName]) => fieldName.toLowerCase() !== lower);
    return this;
  }

  build() {
    return this.fields.length === 0 ? Headers.EMPTY : new Headers(this.fields);
  }
}
