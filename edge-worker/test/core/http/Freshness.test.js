import { describe, expect, it } from "vitest";
import { Freshness } from "../../../src/core/http/Freshness.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";
import { TargetedCacheControl } from "../../../src/core/http/TargetedCacheControl.js";

const { Lifetime, Source } = Freshness;

const NOW = Date.UTC(2026, 0, 1);
const secondsAgo = (seconds) => NOW - seconds * 1000;
const TEN_SECONDS_AGO = secondsAgo(10);
const ONE_HOUR_AGO = secondsAgo(3600);
const IN_TEN_SECONDS = NOW + 10_000;
const IN_ONE_HOUR = NOW + 3_600_000;
const httpDate = (instant) => HttpDates.format(instant);

/** The lifetime of a response received at NOW. */
const lifetimeOf = (status, ...headers) => {
  const responseHeaders = Headers.of(...headers);
  return Freshness.lifetime(status, responseHeaders, TargetedCacheControl.select(responseHeaders), NOW);
};

const lifetime = (...headers) => lifetimeOf(200, ...headers);

describe("Freshness", () => {
  it("s maxage wins over max age", () => {
    // RFC 9111 §4.2.1: a shared cache uses s-maxage first.
    expect(lifetime("Cache-Control", "max-age=3600, s-maxage=1")).toStrictEqual(new Lifetime(1, Source.S_MAXAGE));
    expect(lifetime("Cache-Control", "max-age=1, s-maxage=3600")).toStrictEqual(new Lifetime(3600, Source.S_MAXAGE));
    expect(lifetime("Cache-Control", "max-age=3600", "Cache-Control", "s-maxage=1").seconds).toBe(1);
  });

  it("max age wins over expires", () => {
    expect(
      lifetime("Date", httpDate(NOW), "Expires", httpDate(ONE_HOUR_AGO), "Cache-Control", "max-age=3600"),
    ).toStrictEqual(new Lifetime(3600, Source.MAX_AGE));
    expect(
      lifetime("Date", httpDate(NOW), "Expires", httpDate(IN_ONE_HOUR), "Cache-Control", "max-age=0"),
    ).toStrictEqual(new Lifetime(0, Source.MAX_AGE));
  });

  it("max age with invalid expires keeps its lifetime", () => {
    expect(lifetime("Date", httpDate(NOW), "Expires", "0", "Cache-Control", "max-age=3600").seconds).toBe(3600);
  });

  it("expires lifetime is expires minus date", () => {
    // RFC 9111 §4.2.1: freshness_lifetime = expires_value - date_value.
    expect(lifetime("Date", httpDate(NOW), "Expires", httpDate(IN_ONE_HOUR))).toStrictEqual(
      new Lifetime(3600, Source.EXPIRES),
    );
    expect(lifetime("Date", httpDate(TEN_SECONDS_AGO), "Expires", httpDate(IN_TEN_SECONDS)).seconds).toBe(20);
  });

  it("expires without valid date is counted from the response time", () => {
    expect(lifetime("Date", "foo", "Expires", httpDate(IN_TEN_SECONDS)).seconds).toBe(10);
    expect(lifetime("Expires", httpDate(IN_TEN_SECONDS)).seconds).toBe(10);
  });

  it("expires before date is already expired", () => {
    expect(lifetime("Date", httpDate(NOW), "Expires", httpDate(ONE_HOUR_AGO))).toStrictEqual(
      new Lifetime(0, Source.EXPIRES),
    );
  });

  it.each(["0", "-1", "never", "Thu, 01 Jan 2026 01:00:00 UTC", "Thu, 01 Jan 26 01:00:00 GMT"])(
    "invalid expires is already expired: %s",
    (expires) => {
      // RFC 9111 §5.3: "A cache recipient MUST interpret invalid date formats, especially the value "0", as
      // representing a time in the past (i.e., "already expired")."
      expect(
        lifetime("Date", httpDate(NOW), "Expires", expires, "Last-Modified", httpDate(ONE_HOUR_AGO)),
      ).toStrictEqual(new Lifetime(0, Source.EXPIRES));
    },
  );

  it("first expires line is used", () => {
    expect(
      lifetime("Date", httpDate(NOW), "Expires", httpDate(IN_TEN_SECONDS), "Expires", httpDate(IN_ONE_HOUR)).seconds,
    ).toBe(10);
  });

  it.each(["max-age=a100", "max-age=100a", "max-age=-100", "max-age='3600'", "max-age="])(
    "invalid max age makes the response stale: %s",
    (cacheControl) => {
      // RFC 9111 §4.2.1: caches are "encouraged to consider responses that have invalid freshness information
      // ... to be stale" — and no heuristic applies, even with Last-Modified.
      expect(lifetime("Cache-Control", cacheControl, "Last-Modified", httpDate(ONE_HOUR_AGO))).toStrictEqual(
        new Lifetime(0, Source.MAX_AGE),
      );
    },
  );

  it("invalid s maxage makes the response stale despite a valid max age", () => {
    expect(lifetime("Cache-Control", "s-maxage=abc, max-age=60")).toStrictEqual(new Lifetime(0, Source.S_MAXAGE));
  });

  it("huge max age is capped at two to the 31", () => {
    expect(lifetime("Cache-Control", "max-age=99999999999").seconds).toBe(2_147_483_648);
  });

  it("heuristic is ten percent of the time since last modified", () => {
    // RFC 9111 §4.2.2: "a typical setting of this fraction might be 10%".
    expect(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(secondsAgo(10_000)))).toStrictEqual(
      new Lifetime(1000, Source.HEURISTIC),
    );
  });

  it("heuristic is measured from date not from the response time", () => {
    expect(lifetime("Date", httpDate(secondsAgo(1000)), "Last-Modified", httpDate(secondsAgo(11_000))).seconds).toBe(
      1000,
    );
  });

  it("heuristic is capped at one day", () => {
    expect(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(NOW - 365 * 86_400_000))).toStrictEqual(
      new Lifetime(Freshness.DEFAULT_HEURISTIC_CAP_SECONDS, Source.HEURISTIC),
    );
    expect(Freshness.DEFAULT_HEURISTIC_CAP_SECONDS).toBe(86_400);
  });

  it.each([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501])(
    "heuristic applies to heuristically cacheable statuses: %i",
    (status) => {
      // RFC 9110 §15.1 lists the heuristically cacheable status codes.
      expect(lifetimeOf(status, "Date", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO))).toStrictEqual(
        new Lifetime(360, Source.HEURISTIC),
      );
    },
  );

  it.each([201, 202, 302, 303, 307, 400, 403, 500, 502, 503, 504, 599])(
    "no heuristic for other statuses: %i",
    (status) => {
      expect(lifetimeOf(status, "Date", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO))).toStrictEqual(
        new Lifetime(0, Source.NONE),
      );
    },
  );

  it("public allows a heuristic for any status", () => {
    // RFC 9111 §4.2.2: heuristics apply to heuristically cacheable statuses or responses marked public.
    expect(
      lifetimeOf(599, "Cache-Control", "public", "Date", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO)),
    ).toStrictEqual(new Lifetime(360, Source.HEURISTIC));
  });

  it("no heuristic without last modified", () => {
    expect(lifetime("Date", httpDate(NOW))).toStrictEqual(new Lifetime(0, Source.NONE));
    expect(lifetime("ETag", '"a"')).toStrictEqual(new Lifetime(0, Source.NONE));
    expect(lifetime("Last-Modified", "yesterday")).toStrictEqual(new Lifetime(0, Source.NONE));
  });

  it("no heuristic when last modified is not before date", () => {
    expect(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(NOW)).source).toBe(Source.NONE);
    expect(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(IN_ONE_HOUR)).source).toBe(Source.NONE);
  });

  it("explicit expires rules out the heuristic", () => {
    // RFC 9111 §4.2.2: "a cache MUST NOT use heuristics to determine freshness when an explicit expiration time
    // is present".
    expect(
      lifetime("Date", httpDate(NOW), "Expires", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO)),
    ).toStrictEqual(new Lifetime(0, Source.EXPIRES));
  });

  it("only explicit sources count as explicit", () => {
    expect(new Lifetime(1, Source.S_MAXAGE).isExplicit()).toBe(true);
    expect(new Lifetime(1, Source.MAX_AGE).isExplicit()).toBe(true);
    expect(new Lifetime(1, Source.EXPIRES).isExplicit()).toBe(true);
    expect(new Lifetime(1, Source.OVERRIDE).isExplicit()).toBe(true);
    expect(new Lifetime(1, Source.HEURISTIC).isExplicit()).toBe(false);
    expect(new Lifetime(0, Source.NONE).isExplicit()).toBe(false);
  });

  it("date falls back to the response time", () => {
    expect(Freshness.date(Headers.of("Date", httpDate(ONE_HOUR_AGO)), NOW)).toBe(ONE_HOUR_AGO);
    expect(Freshness.date(Headers.of("Date", "garbage"), NOW)).toBe(NOW);
    expect(Freshness.date(Headers.EMPTY, NOW)).toBe(NOW);
  });
});
