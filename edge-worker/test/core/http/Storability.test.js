import { describe, expect, it } from "vitest";
import { Freshness } from "../../../src/core/http/Freshness.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";
import { Storability } from "../../../src/core/http/Storability.js";
import { TargetedCacheControl } from "../../../src/core/http/TargetedCacheControl.js";

const { Reason } = Storability;

const NOW = Date.UTC(2026, 0, 1);
const ONE_DAY_AGO = NOW - 86_400_000;
const IN_ONE_HOUR = NOW + 3_600_000;
const httpDate = (instant) => HttpDates.format(instant);

const NO_REQUEST_FIELDS = Headers.EMPTY;

const check = (method, requestHeaders, status, allowSetCookie, ...responseFields) => {
  const response = Headers.of(...responseFields);
  const selection = TargetedCacheControl.select(response);
  const lifetime = Freshness.lifetime(status, response, selection, NOW);
  return Storability.check(method, requestHeaders, status, response, selection, lifetime, allowSetCookie);
};

const checkGetWithStatus = (status, ...responseFields) =>
  check("GET", NO_REQUEST_FIELDS, status, false, ...responseFields);

const checkGet = (...responseFields) => checkGetWithStatus(200, ...responseFields);

const checkWithRequest = (requestHeaders, ...responseFields) =>
  check("GET", requestHeaders, 200, false, ...responseFields);

describe("Storability", () => {
  it("fresh get response is storable", () => {
    expect(checkGet("Cache-Control", "max-age=60")).toBe(Reason.STORABLE);
    expect(Reason.STORABLE).toBe("stored");
  });

  it.each(["HEAD", "POST", "PUT", "DELETE", "OPTIONS", "get"])("only get responses are stored: %s", (method) => {
    expect(check(method, NO_REQUEST_FIELDS, 200, false, "Cache-Control", "max-age=60")).toBe(Reason.METHOD);
  });

  it.each([100, 103, 201, 206, 304, 299, 499, 599])(
    "statuses the cache does not understand are not stored: %i",
    (status) => {
      // RFC 9111 §3: the status must be final, and 206/304 only when the cache understands them.
      expect(checkGetWithStatus(status, "Cache-Control", "max-age=60")).toBe(Reason.STATUS);
    },
  );

  it.each([200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 403, 404, 405, 410, 414, 451, 500, 501, 502, 503, 504])(
    "understood statuses with explicit freshness are stored: %i",
    (status) => {
      expect(checkGetWithStatus(status, "Cache-Control", "max-age=60")).toBe(Reason.STORABLE);
    },
  );

  it("request no store forbids storing", () => {
    // RFC 9111 §5.2.1.5.
    expect(checkWithRequest(Headers.of("Cache-Control", "no-store"), "Cache-Control", "max-age=60")).toBe(
      Reason.NO_STORE,
    );
  });

  it("response no store forbids storing even with freshness", () => {
    // RFC 9111 §5.2.2.5, directive names compared case-insensitively.
    expect(checkGet("Cache-Control", "max-age=10000, No-StOrE", "Expires", httpDate(IN_ONE_HOUR))).toBe(
      Reason.NO_STORE,
    );
  });

  it("must understand lets an understood status ignore no store", () => {
    // RFC 9111 §5.2.2.3: a cache that understands the status code may ignore no-store.
    expect(checkGet("Cache-Control", "no-store, must-understand, max-age=60")).toBe(Reason.STORABLE);
  });

  it("must understand with an unknown status is not stored", () => {
    expect(checkGetWithStatus(299, "Cache-Control", "no-store, must-understand, max-age=60")).toBe(Reason.STATUS);
  });

  it("private response is not stored in a shared cache", () => {
    // RFC 9111 §5.2.2.7; the qualified form is treated like the unqualified one.
    expect(checkGet("Cache-Control", "private, max-age=3600")).toBe(Reason.PRIVATE);
    expect(checkGet("Cache-Control", 'private="Set-Cookie", max-age=3600')).toBe(Reason.PRIVATE);
  });

  it("authorized request is not stored without explicit permission", () => {
    // RFC 9111 §3.5.
    const authorized = Headers.of("Authorization", "Bearer x");

    expect(checkWithRequest(authorized, "Date", httpDate(NOW), "Expires", httpDate(IN_ONE_HOUR))).toBe(
      Reason.AUTHORIZATION,
    );
    expect(checkWithRequest(authorized, "Cache-Control", "max-age=3600")).toBe(Reason.AUTHORIZATION);
    expect(checkWithRequest(authorized, "Cache-Control", "max-age=3600, proxy-revalidate")).toBe(Reason.AUTHORIZATION);
  });

  it.each(["max-age=3600, public", "max-age=3600, must-revalidate", "s-maxage=3600"])(
    "authorized request is stored when the response allows sharing: %s",
    (cacheControl) => {
      // RFC 9111 §3.5: must-revalidate, public and s-maxage explicitly allow a shared cache to store it.
      expect(checkWithRequest(Headers.of("Authorization", "Bearer x"), "Cache-Control", cacheControl)).toBe(
        Reason.STORABLE,
      );
    },
  );

  it("set cookie is stored only when the route allows it", () => {
    expect(checkGet("Cache-Control", "max-age=60", "Set-Cookie", "a=b")).toBe(Reason.SET_COOKIE);
    expect(check("GET", NO_REQUEST_FIELDS, 200, true, "Cache-Control", "max-age=60", "Set-Cookie", "a=b")).toBe(
      Reason.STORABLE,
    );
  });

  it.each(["*", "*, *", ", *", "Accept-Encoding, *", "*, Foo"])("vary star is not stored: %s", (vary) => {
    // RFC 9111 §4.1: a Vary value containing "*" always fails to match.
    expect(checkGet("Cache-Control", "max-age=60", "Vary", vary)).toBe(Reason.VARY_STAR);
  });

  it("vary star on a second line is not stored", () => {
    expect(checkGet("Cache-Control", "max-age=60", "Vary", "", "Vary", "*")).toBe(Reason.VARY_STAR);
  });

  it("response without freshness is not stored", () => {
    expect(checkGet()).toBe(Reason.NO_FRESHNESS);
    expect(checkGet("ETag", '"a"')).toBe(Reason.NO_FRESHNESS);
    expect(checkGetWithStatus(302, "Last-Modified", httpDate(ONE_DAY_AGO))).toBe(Reason.NO_FRESHNESS);
  });

  it("heuristically fresh response is stored", () => {
    expect(checkGet("Date", httpDate(NOW), "Last-Modified", httpDate(ONE_DAY_AGO))).toBe(Reason.STORABLE);
  });

  it("public makes a response storable", () => {
    expect(checkGetWithStatus(302, "Cache-Control", "public")).toBe(Reason.STORABLE);
  });

  it("already expired response is still storable", () => {
    expect(checkGet("Date", httpDate(NOW), "Expires", "0")).toBe(Reason.STORABLE);
    expect(checkGet("Cache-Control", "max-age=0")).toBe(Reason.STORABLE);
  });

  it("targeted field overrides cache control for storing", () => {
    // RFC 9213 §2.2: Cache-Control is ignored when a targeted field applies.
    expect(checkGet("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=10000")).toBe(Reason.STORABLE);
    expect(checkGet("Cache-Control", "max-age=10000", "CDN-Cache-Control", "no-store")).toBe(Reason.NO_STORE);
    expect(checkGet("Cache-Control", "max-age=10000", "Tiergate-Cache-Control", "private")).toBe(Reason.PRIVATE);
  });
});
