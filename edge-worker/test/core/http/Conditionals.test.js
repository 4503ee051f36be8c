import { describe, expect, it } from "vitest";
import { Conditionals } from "../../../src/core/http/Conditionals.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";

const NOW = Date.UTC(2026, 0, 1);
const ONE_MINUTE_AGO = NOW - 60_000;
const ONE_HOUR_AGO = NOW - 3_600_000;
const ONE_DAY_AGO = NOW - 86_400_000;
const httpDate = (instant) => HttpDates.format(instant);

const STORED_WITH_ETAG = Headers.of("ETag", '"abcdef"', "Content-Length", "5");
const STORED_WITH_LAST_MODIFIED = Headers.of("Date", httpDate(ONE_MINUTE_AGO), "Last-Modified", httpDate(ONE_HOUR_AGO));

const notModified = (stored, ...requestHeaders) =>
  Conditionals.notModified("GET", Headers.of(...requestHeaders), 200, stored);

describe("Conditionals", () => {
  it.each(['"abcdef"', 'W/"abcdef"', '"1234", "abcdef", "5678"', '"1234","abcdef"', ' "abcdef" '])(
    "if none match uses weak comparison: %s",
    (ifNoneMatch) => {
      // RFC 9110 §13.1.2: If-None-Match uses the weak comparison function.
      expect(notModified(STORED_WITH_ETAG, "If-None-Match", ifNoneMatch)).toBe(true);
    },
  );

  it("weak stored etag matches strong request tag", () => {
    expect(notModified(Headers.of("ETag", 'W/"abcdef"'), "If-None-Match", '"abcdef"')).toBe(true);
  });

  it("if none match list is read across field lines", () => {
    expect(notModified(STORED_WITH_ETAG, "If-None-Match", '"1234"', "If-None-Match", '"abcdef"')).toBe(true);
  });

  it.each(['"abcdefg"', '"1234", "5678"', "abcdef", 'W/"abc"'])(
    "if none match without a matching tag is not satisfied: %s",
    (ifNoneMatch) => {
      expect(notModified(STORED_WITH_ETAG, "If-None-Match", ifNoneMatch)).toBe(false);
    },
  );

  it("if none match star matches any stored representation", () => {
    // RFC 9110 §13.1.2: "*" is false (304) when a current representation exists, entity tag or not.
    expect(notModified(STORED_WITH_ETAG, "If-None-Match", "*")).toBe(true);
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-None-Match", "*")).toBe(true);
  });

  it("if none match against a response without etag is not satisfied", () => {
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-None-Match", '"abcdef"')).toBe(false);
  });

  it("if none match takes precedence over if modified since", () => {
    // RFC 9110 §13.2.2: If-Modified-Since is evaluated only when If-None-Match is absent.
    const stored = STORED_WITH_ETAG.toBuilder().add("Last-Modified", httpDate(ONE_DAY_AGO)).build();

    expect(notModified(stored, "If-None-Match", '"other"', "If-Modified-Since", httpDate(NOW))).toBe(false);
    expect(notModified(stored, "If-None-Match", '"abcdef"', "If-Modified-Since", httpDate(ONE_DAY_AGO - 1000))).toBe(
      true,
    );
  });

  it("if modified since is satisfied when not modified after the date", () => {
    // RFC 9110 §13.1.3: false (304) when the last modification is earlier than or equal to the date.
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", httpDate(ONE_HOUR_AGO))).toBe(true);
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", httpDate(ONE_MINUTE_AGO))).toBe(true);
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", httpDate(ONE_DAY_AGO))).toBe(false);
  });

  it("if modified since accepts obsolete date forms", () => {
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", "Wednesday, 31-Dec-25 23:00:00 GMT")).toBe(true);
  });

  it("invalid if modified since is ignored", () => {
    expect(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", "yesterday")).toBe(false);
  });

  it("if modified since uses the stored date without last modified", () => {
    // RFC 9111 §4.3.2: without Last-Modified, a cache SHOULD use the stored response's Date.
    const stored = Headers.of("Date", httpDate(ONE_MINUTE_AGO));

    expect(notModified(stored, "If-Modified-Since", httpDate(ONE_MINUTE_AGO))).toBe(true);
    expect(notModified(stored, "If-Modified-Since", httpDate(ONE_HOUR_AGO))).toBe(false);
    expect(notModified(Headers.EMPTY, "If-Modified-Since", httpDate(NOW))).toBe(false);
  });

  it("only get and head of a 200 are answered with 304", () => {
    const request = Headers.of("If-None-Match", '"abcdef"');

    expect(Conditionals.notModified("HEAD", request, 200, STORED_WITH_ETAG)).toBe(true);
    expect(Conditionals.notModified("POST", request, 200, STORED_WITH_ETAG)).toBe(false);
    expect(Conditionals.notModified("GET", request, 404, STORED_WITH_ETAG)).toBe(false);
  });

  it("unconditional request is not answered", () => {
    expect(notModified(STORED_WITH_ETAG)).toBe(false);
    expect(Conditionals.isConditional(Headers.EMPTY)).toBe(false);
    expect(Conditionals.isConditional(Headers.of("if-none-match", "*"))).toBe(true);
    expect(Conditionals.isConditional(Headers.of("If-Modified-Since", httpDate(NOW)))).toBe(true);
  });

  it("validators of a revalidation come from the stored response", () => {
    // RFC 9111 §4.3.1.
    const stored = Headers.of("ETag", 'W/"v1"', "Last-Modified", httpDate(ONE_DAY_AGO), "Date", httpDate(NOW));

    expect(
      Conditionals.validators(stored).equals(
        Headers.of("If-None-Match", 'W/"v1"', "If-Modified-Since", httpDate(ONE_DAY_AGO)),
      ),
    ).toBe(true);
    expect(Conditionals.validators(Headers.of("Date", httpDate(NOW))).equals(Headers.EMPTY)).toBe(true);
  });

  it("freshen replaces stored fields with those of the 304", () => {
    // RFC 9111 §3.2: each field of the 304 replaces the stored one; the others are kept.
    const stored = Headers.of(
      "Cache-Control",
      "max-age=1",
      "ETag",
      '"v1"',
      "Test-Header",
      "A",
      "Content-Type",
      "text/plain",
      "Link",
      "</a>",
      "Link",
      "</b>",
    );
    const notModifiedHeaders = Headers.of("cache-control", "max-age=3600", "Test-Header", "B", "Link", "</c>");

    const freshened = Conditionals.freshen(stored, notModifiedHeaders);

    expect(freshened.all("Cache-Control")).toEqual(["max-age=3600"]);
    expect(freshened.all("Test-Header")).toEqual(["B"]);
    expect(freshened.all("Link")).toEqual(["</c>"]);
    expect(freshened.first("ETag")).toBe('"v1"');
    expect(freshened.first("Content-Type")).toBe("text/plain");
  });

  it("freshen keeps the fields that describe the stored body", () => {
    const stored = Headers.of("Content-Length", "5", "ETag", '"v1"');
    const notModifiedHeaders = Headers.of("Content-Length", "0", "Transfer-Encoding", "chunked", "ETag", '"v1"');

    const freshened = Conditionals.freshen(stored, notModifiedHeaders);

    expect(freshened.all("Content-Length")).toEqual(["5"]);
    expect(freshened.contains("Transfer-Encoding")).toBe(false);
  });

  it("freshen keeps the content coding and digest of the stored body", () => {
    // The stored bytes stay as they are: a 304 that names another coding or digest must not relabel them
    // (cache-tests.fyi 304-etag-update-response-Content-Encoding, -Content-MD5).
    const stored = Headers.of("Content-Encoding", "gzip", "Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A==", "ETag", '"v1"');
    const notModifiedHeaders = Headers.of(
      "Content-Encoding",
      "br",
      "Content-MD5",
      "N7UdGUp1E+RbVvZSTy1R8g==",
      "ETag",
      '"v1"',
      "Cache-Control",
      "max-age=60",
    );

    const freshened = Conditionals.freshen(stored, notModifiedHeaders);

    expect(freshened.all("Content-Encoding")).toEqual(["gzip"]);
    expect(freshened.all("Content-MD5")).toEqual(["rL0Y20zC+Fzt72VPzMSk2A=="]);
    expect(freshened.all("Cache-Control")).toEqual(["max-age=60"]);
  });

  it("freshen never copies personal state or age into the shared entry", () => {
    const stored = Headers.of("ETag", '"v1"');
    const notModifiedHeaders = Headers.of(
      "ETag",
      '"v1"',
      "Set-Cookie",
      "session=alice",
      "Set-Cookie2",
      "a=b",
      "Age",
      "30",
      "Date",
      httpDate(NOW),
    );

    const freshened = Conditionals.freshen(stored, notModifiedHeaders);

    expect(freshened.entries().map(([name]) => name)).toEqual(["ETag", "Date"]);
  });

  it("not modified selects the stored response with the same entity tag", () => {
    // RFC 9111 §4.3.4.
    expect(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("ETag", '"abcdef"'))).toBe(true);
    expect(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("ETag", '"other"'))).toBe(false);
  });

  it("weak entity tag of a 304 selects by weak comparison", () => {
    expect(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("ETag", 'W/"abcdef"'))).toBe(true);
    expect(Conditionals.notModifiedSelects(Headers.of("ETag", 'W/"abcdef"'), Headers.of("ETag", 'W/"abcdef"'))).toBe(
      true,
    );
  });

  it("strong entity tag of a 304 does not select a weak stored tag", () => {
    // RFC 9111 §4.3.4: a strong validator selects only stored responses with "the same strong validator".
    expect(Conditionals.notModifiedSelects(Headers.of("ETag", 'W/"abcdef"'), Headers.of("ETag", '"abcdef"'))).toBe(
      false,
    );
  });

  it("entity tag of a 304 does not select a stored response without one", () => {
    // RFC 9111 §4.3.4: "If none of the stored responses contain the same strong validator, then the cache MUST
    // NOT use the new response to update any stored responses."
    expect(Conditionals.notModifiedSelects(STORED_WITH_LAST_MODIFIED, Headers.of("ETag", '"abcdef"'))).toBe(false);
  });

  it("last modified of a 304 selects by equality", () => {
    expect(
      Conditionals.notModifiedSelects(STORED_WITH_LAST_MODIFIED, Headers.of("Last-Modified", httpDate(ONE_HOUR_AGO))),
    ).toBe(true);
    expect(
      Conditionals.notModifiedSelects(STORED_WITH_LAST_MODIFIED, Headers.of("Last-Modified", httpDate(ONE_MINUTE_AGO))),
    ).toBe(false);
  });

  it("not modified without validators selects the revalidated response", () => {
    expect(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("Date", httpDate(NOW)))).toBe(true);
  });

  it("generated 304 keeps validators and drops body fields", () => {
    const stored = Headers.of(
      "ETag",
      '"abcdef"',
      "Content-Length",
      "5",
      "Cache-Control",
      "max-age=60",
      "Content-Range",
      "bytes 0-4/5",
    );

    expect(
      Conditionals.notModifiedHeaders(stored).equals(Headers.of("ETag", '"abcdef"', "Cache-Control", "max-age=60")),
    ).toBe(true);
  });
});

/** Not ported from ConditionalsTest: Java's String.split, which drops trailing empty candidates. */
describe("Conditionals list splitting", () => {
  it.each([
    ["a,", false],
    ["", true],
    [",", false],
    [", a", true],
    [" ,a", true],
  ])("if none match %j against an empty entity tag", (ifNoneMatch, expected) => {
    expect(Conditionals.matchesAny(ifNoneMatch, "")).toBe(expected);
  });

  it("two last modified dates that do not parse select each other", () => {
    // Optional.empty() equals Optional.empty() on the Java side.
    expect(
      Conditionals.notModifiedSelects(Headers.of("Last-Modified", "garbage"), Headers.of("Last-Modified", "x")),
    ).toBe(true);
  });
});
