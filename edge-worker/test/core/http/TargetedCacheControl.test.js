import { describe, expect, it } from "vitest";
import { Freshness } from "../../../src/core/http/Freshness.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";
import { TargetedCacheControl } from "../../../src/core/http/TargetedCacheControl.js";

const NOW = Date.UTC(2026, 0, 1);
const IN_ONE_HOUR = NOW + 3_600_000;
const httpDate = (instant) => HttpDates.format(instant);

const select = (...headers) => TargetedCacheControl.select(Headers.of(...headers));

describe("TargetedCacheControl", () => {
  it("tiergate field wins over cdn field", () => {
    // RFC 9213 §2.2: "select the first (in target list order) field with a valid, non-empty value".
    const selection = select(
      "Cache-Control",
      "max-age=1",
      "CDN-Cache-Control",
      "max-age=30",
      "Tiergate-Cache-Control",
      "max-age=60",
    );

    expect(selection.targetedField).toBe("Tiergate-Cache-Control");
    expect(selection.directives.deltaSeconds("max-age")).toBe(60);
  });

  it("cdn field wins over cache control", () => {
    const selection = select("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=30");

    expect(selection.isTargeted()).toBe(true);
    expect(selection.targetedField).toBe("CDN-Cache-Control");
    expect(selection.directives.has("no-store")).toBe(false);
    expect(selection.directives.deltaSeconds("max-age")).toBe(30);
  });

  it("cache control governs without targeted fields", () => {
    const selection = select("Cache-Control", "max-age=5, Public");

    expect(selection.isTargeted()).toBe(false);
    expect(selection.directives.deltaSeconds("max-age")).toBe(5);
    expect(selection.directives.has("public")).toBe(true);
  });

  it("invalid tiergate field falls back to cdn field", () => {
    const selection = select("Tiergate-Cache-Control", "max-age=60, &&&", "CDN-Cache-Control", "max-age=30");

    expect(selection.targetedField).toBe("CDN-Cache-Control");
    expect(selection.directives.deltaSeconds("max-age")).toBe(30);
  });

  it.each([
    "max-age=10000, &&&&&",
    "MaX-aGe=10000",
    "max-age =10000",
    "max-age= 10000",
    "max-age=10000,",
    "max-age=10000 public",
    'max-age="10000',
  ])("invalid structured field is ignored in favour of cache control: %s", (cdnValue) => {
    // RFC 9213 §2.1: when "a parsing error is encountered, that field SHOULD be ignored".
    const selection = select("CDN-Cache-Control", cdnValue, "Cache-Control", "no-store");

    expect(selection.isTargeted()).toBe(false);
    expect(selection.directives.has("no-store")).toBe(true);
  });

  it.each([
    'max-age="10000"',
    "max-age=1.5",
    "max-age=-1",
    "max-age=ten",
    "max-age",
    's-maxage="60"',
    "stale-while-revalidate=?1",
    "stale-if-error=1.0",
  ])("delta seconds of the wrong type make the field invalid: %s", (cdnValue) => {
    // RFC 9213 §2.1: "Implementations SHOULD NOT consume values that violate these inferred constraints."
    const selection = select("CDN-Cache-Control", cdnValue, "Cache-Control", "no-store");

    expect(selection.isTargeted()).toBe(false);
    expect(selection.directives.has("no-store")).toBe(true);
  });

  it("empty targeted field is ignored", () => {
    const selection = select("CDN-Cache-Control", "  ", "Cache-Control", "max-age=5");

    expect(selection.isTargeted()).toBe(false);
    expect(selection.directives.deltaSeconds("max-age")).toBe(5);
  });

  it("false boolean removes the directive", () => {
    const selection = select("CDN-Cache-Control", "no-store=?0, public=?1, max-age=60");

    expect(selection.directives.has("no-store")).toBe(false);
    expect(selection.directives.has("public")).toBe(true);
    expect(selection.directives.value("public")).toBeUndefined();
    expect(selection.directives.deltaSeconds("max-age")).toBe(60);
  });

  it("field whose only members are false is still selected", () => {
    // RFC 9213 §2.2: the value is valid and non-empty, so Cache-Control is ignored even though no directive remains.
    const selection = select("CDN-Cache-Control", "no-store=?0", "Cache-Control", "no-store");

    expect(selection.targetedField).toBe("CDN-Cache-Control");
    expect(selection.directives.isEmpty()).toBe(true);
  });

  it("field with only an unknown directive is still selected", () => {
    // RFC 9213 §3.1 example: "CDN-Cache-Control: none" lets CDN caches store what Cache-Control forbids.
    const selection = select("Cache-Control", "no-store", "CDN-Cache-Control", "none");

    expect(selection.targetedField).toBe("CDN-Cache-Control");
    expect(selection.directives.has("no-store")).toBe(false);
  });

  it("parameters on directives are ignored", () => {
    const selection = select("CDN-Cache-Control", "max-age=60;unit=s, private;x");

    expect(selection.directives.deltaSeconds("max-age")).toBe(60);
    expect(selection.directives.has("private")).toBe(true);
  });

  it("last duplicate wins inside a dictionary", () => {
    // RFC 8941 §4.2.2: a repeated dictionary key overwrites the earlier value.
    expect(select("CDN-Cache-Control", "max-age=10, max-age=20").directives.deltaSeconds("max-age")).toBe(20);
  });

  it("targeted field lines are combined", () => {
    const selection = select("CDN-Cache-Control", "max-age=60", "CDN-Cache-Control", "must-revalidate");

    expect(selection.directives.deltaSeconds("max-age")).toBe(60);
    expect(selection.directives.has("must-revalidate")).toBe(true);
  });

  it("strings and tokens keep their text", () => {
    const directives = select("CDN-Cache-Control", 'no-cache="Set-Cookie", ext=abc/def').directives;

    expect(directives.value("no-cache")).toBe("Set-Cookie");
    expect(directives.value("ext")).toBe("abc/def");
  });

  it("expires is ignored when a targeted field applies", () => {
    // RFC 9213 §2.2: the cache "MUST ignore the Cache-Control and Expires header fields in that response".
    const headers = Headers.of(
      "Date",
      httpDate(NOW),
      "Expires",
      httpDate(IN_ONE_HOUR),
      "CDN-Cache-Control",
      "must-revalidate",
    );

    const lifetime = Freshness.lifetime(200, headers, TargetedCacheControl.select(headers), NOW);

    expect(lifetime).toStrictEqual(new Freshness.Lifetime(0, Freshness.Source.NONE));
  });

  it("invalid expires does not shorten a targeted max age", () => {
    const headers = Headers.of("Date", httpDate(NOW), "Expires", "0", "CDN-Cache-Control", "max-age=3600");

    const lifetime = Freshness.lifetime(200, headers, TargetedCacheControl.select(headers), NOW);

    expect(lifetime).toStrictEqual(new Freshness.Lifetime(3600, Freshness.Source.MAX_AGE));
  });

  it("short targeted max age wins over long cache control max age", () => {
    const headers = Headers.of("Cache-Control", "max-age=3600", "CDN-Cache-Control", "max-age=1");

    const lifetime = Freshness.lifetime(200, headers, TargetedCacheControl.select(headers), NOW);

    expect(lifetime.seconds).toBe(1);
  });
});

/** Not ported from TargetedCacheControlTest: further answers of the gateway's dictionary parser on JDK 17. */
describe("TargetedCacheControl dictionaries in detail", () => {
  const parsed = (value) => TargetedCacheControl.parseDictionary(value)?.toString();

  it.each([
    ["a=-.5", "a=-.5"],
    ["max-age=0060", "max-age=0060"],
    ["max-age=999999999999999", "max-age=999999999999999"],
    ['a=""', 'a=""'],
    ["*=1", "*=1"],
    ["a=b:c/d", 'a="b:c/d"'],
    ["a;b=?0, c", "a, c"],
    ["a\t,\tb", "a, b"],
    [" a", "a"],
  ])("reads %j", (value, directives) => {
    expect(parsed(value)).toBe(directives);
  });

  it.each(["max-age=1234567890123456", "\ta"])("refuses %j", (value) => {
    expect(parsed(value)).toBeUndefined();
  });

  it("a fifteen digit max age is capped like any other", () => {
    expect(TargetedCacheControl.parseDictionary("max-age=999999999999999").deltaSeconds("max-age")).toBe(2_147_483_648);
  });
});
