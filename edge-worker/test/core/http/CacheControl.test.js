import { describe, expect, it } from "vitest";
import { CacheControl } from "../../../src/core/http/CacheControl.js";
import { Headers } from "../../../src/core/http/Headers.js";

const keysOf = (directives) => new Set(directives.directives().keys());

describe("CacheControl", () => {
  it("directive names are case insensitive", () => {
    // RFC 9111 §5.2: "Cache directives are identified by a token, to be compared case-insensitively".
    const directives = CacheControl.parse("MaX-AgE=60, No-StOrE");

    expect(directives.deltaSeconds("max-age")).toBe(60);
    expect(directives.has("no-store")).toBe(true);
  });

  it("quoted argument is accepted like a token", () => {
    // RFC 9111 §5.2: recipients "ought to accept both forms" (token and quoted-string).
    expect(CacheControl.parse('max-age="60"').deltaSeconds("max-age")).toBe(60);
  });

  it("first occurrence of a repeated directive wins", () => {
    // RFC 9111 §4.2.1: with several values "either the first occurrence should be used or ... stale".
    expect(CacheControl.parse("max-age=1800, max-age=1").deltaSeconds("max-age")).toBe(1800);
    expect(CacheControl.parse("max-age=1, max-age=1800").deltaSeconds("max-age")).toBe(1);
  });

  it("first occurrence wins across combined field lines", () => {
    const headers = Headers.of("Cache-Control", "max-age=1", "Cache-Control", "max-age=1800, public");

    const directives = CacheControl.parse(headers.combined("Cache-Control"));

    expect(directives.deltaSeconds("max-age")).toBe(1);
    expect(directives.has("public")).toBe(true);
  });

  it.each([
    "max-age=a100",
    "max-age=100a",
    "max-age=-100",
    "max-age=3600.5",
    "max-age=3600.0",
    "max-age='3600'",
    "max-age=",
    "max-age",
    'max-age=""',
    "max-age=1 2",
  ])("invalid delta seconds is kept as present but invalid: %s", (field) => {
    const directives = CacheControl.parse(field);

    expect(directives.has("max-age")).toBe(true);
    expect(directives.deltaSeconds("max-age")).toBeUndefined();
    expect(directives.isInvalidDeltaSeconds("max-age")).toBe(true);
  });

  it("absent directive is not invalid", () => {
    const directives = CacheControl.parse("public");

    expect(directives.deltaSeconds("max-age")).toBeUndefined();
    expect(directives.isInvalidDeltaSeconds("max-age")).toBe(false);
  });

  it("values too large to represent are capped at two to the 31", () => {
    // RFC 9111 §1.2.2: "the cache MUST consider the value to be 2147483648 (2^31)".
    expect(CacheControl.parse("max-age=2147483647").deltaSeconds("max-age")).toBe(2_147_483_647);
    expect(CacheControl.parse("max-age=2147483648").deltaSeconds("max-age")).toBe(2_147_483_648);
    expect(CacheControl.parse("max-age=2147483649").deltaSeconds("max-age")).toBe(2_147_483_648);
    expect(CacheControl.parse("max-age=99999999999").deltaSeconds("max-age")).toBe(2_147_483_648);
    expect(CacheControl.parse("max-age=123456789012345678901234567890").deltaSeconds("max-age")).toBe(
      CacheControl.DELTA_SECONDS_CEILING,
    );
  });

  it("leading zeros are not mistaken for overflow", () => {
    expect(CacheControl.parse("max-age=003600").deltaSeconds("max-age")).toBe(3600);
    expect(CacheControl.parse("max-age=000000000003600").deltaSeconds("max-age")).toBe(3600);
    expect(CacheControl.parse("max-age=0000000000000").deltaSeconds("max-age")).toBe(0);
  });

  it("comma inside quoted string does not split directives", () => {
    const directives = CacheControl.parse('no-cache="Set-Cookie, X-Foo", max-age=60');

    expect(directives.value("no-cache")).toBe("Set-Cookie, X-Foo");
    expect(directives.deltaSeconds("max-age")).toBe(60);
    expect(keysOf(directives)).toEqual(new Set(["no-cache", "max-age"]));
  });

  it("directive named inside a quoted string is ignored", () => {
    expect(CacheControl.parse('extension="max-age=100", max-age=1').deltaSeconds("max-age")).toBe(1);
    expect(CacheControl.parse('max-age=1, extension="max-age=100"').deltaSeconds("max-age")).toBe(1);
    expect(CacheControl.parse('extension="max-age=100", max-age="1"').deltaSeconds("max-age")).toBe(1);
  });

  it("escaped quote inside quoted string keeps the string open", () => {
    const directives = CacheControl.parse('ext="a\\"b, max-age=9", max-age=5');

    expect(directives.value("ext")).toBe('a"b, max-age=9');
    expect(directives.deltaSeconds("max-age")).toBe(5);
  });

  it("empty list members and surrounding whitespace are tolerated", () => {
    const directives = CacheControl.parse(" , public ,,  max-age=5 ,");

    expect(keysOf(directives)).toEqual(new Set(["public", "max-age"]));
    expect(directives.deltaSeconds("max-age")).toBe(5);
  });

  it("absent or blank field has no directives", () => {
    expect(CacheControl.parse(null).isEmpty()).toBe(true);
    expect(CacheControl.parse(undefined).isEmpty()).toBe(true);
    expect(CacheControl.parse("  ").isEmpty()).toBe(true);
    expect(CacheControl.parse(" , ").isEmpty()).toBe(true);
  });

  it("valueless directive has no value", () => {
    const directives = CacheControl.parse('no-cache, private="Set-Cookie"');

    expect(directives.has("no-cache")).toBe(true);
    expect(directives.value("no-cache")).toBeUndefined();
    expect(directives.value("private")).toBe("Set-Cookie");
  });
});

/** Directives written with toString() parse back to the same directives (stored entries depend on it). */
describe("CacheControl round trip", () => {
  it.each([
    "max-age=60, public",
    'no-cache="set-cookie, x-token", max-age=5',
    'private="a\\"b"',
    'ext=""',
    "stale-while-revalidate=30, stale-if-error=600, must-revalidate",
  ])("parse of toString gives the same directives: %s", (field) => {
    const parsed = CacheControl.parse(field);

    expect(CacheControl.parse(parsed.toString()).directives()).toEqual(parsed.directives());
  });
});

/** Not ported from CacheControlTest: the Java's own whitespace rules, which differ from JavaScript's. */
describe("CacheControl with Java whitespace", () => {
  it("a field of spaces Java calls blank has no directives", () => {
    expect(CacheControl.parse("\u2003").isEmpty()).toBe(true);
  });

  it("a no-break space is neither blank nor trimmed, so it names a directive", () => {
    // String.isBlank and String.trim both leave U+00A0 alone, as the gateway does.
    expect([...CacheControl.parse("\u00a0").directives().keys()]).toEqual(["\u00a0"]);
    expect(CacheControl.parse("max-age=\u00a05").isInvalidDeltaSeconds("max-age")).toBe(true);
  });

  it("control characters are trimmed like spaces", () => {
    expect(CacheControl.parse("\u0001max-age=5\u0001").deltaSeconds("max-age")).toBe(5);
  });

  it("an unterminated quoted string keeps its quote and the rest of the field", () => {
    const directives = CacheControl.parse('a="b, c');

    expect(directives.value("a")).toBe('"b, c');
    expect(directives.toString()).toBe('a="\\"b, c"');
  });
});
