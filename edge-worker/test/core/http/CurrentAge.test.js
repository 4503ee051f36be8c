import { describe, expect, it } from "vitest";
import { CurrentAge } from "../../../src/core/http/CurrentAge.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";

const NOW = Date.UTC(2026, 0, 1);
const secondsAgo = (seconds) => NOW - seconds * 1000;
const TEN_SECONDS_AGO = secondsAgo(10);
const ONE_MINUTE_AGO = secondsAgo(60);
const IN_ONE_HOUR = NOW + 3_600_000;
const httpDate = (instant) => HttpDates.format(instant);

/** A response received at NOW for a request sent at `requestTime`. */
const correctedInitialAge = (requestTime, ...headers) =>
  CurrentAge.correctedInitialAgeSeconds(Headers.of(...headers), requestTime, NOW);

describe("CurrentAge", () => {
  it("apparent age is the response time minus date", () => {
    // RFC 9111 §4.2.3: apparent_age = max(0, response_time - date_value).
    expect(correctedInitialAge(NOW, "Date", httpDate(ONE_MINUTE_AGO))).toBe(60);
  });

  it("date in the future gives no negative apparent age", () => {
    expect(correctedInitialAge(NOW, "Date", httpDate(IN_ONE_HOUR))).toBe(0);
  });

  it("missing or invalid date gives no apparent age", () => {
    expect(correctedInitialAge(NOW)).toBe(0);
    expect(correctedInitialAge(NOW, "Date", "yesterday")).toBe(0);
  });

  it("age header is corrected by the response delay", () => {
    // RFC 9111 §4.2.3: corrected_age_value = age_value + response_delay.
    expect(correctedInitialAge(secondsAgo(2), "Date", httpDate(NOW), "Age", "30")).toBe(32);
  });

  it("corrected initial age is the larger of apparent and corrected age", () => {
    // RFC 9111 §4.2.3: corrected_initial_age = max(apparent_age, corrected_age_value).
    expect(correctedInitialAge(NOW, "Date", httpDate(ONE_MINUTE_AGO), "Age", "10")).toBe(60);
    expect(correctedInitialAge(NOW, "Date", httpDate(TEN_SECONDS_AGO), "Age", "50")).toBe(50);
  });

  it("response delay counts even without age", () => {
    expect(correctedInitialAge(secondsAgo(3), "Date", httpDate(NOW))).toBe(3);
  });

  it.each(["abc", "-7200", "7200.0", "", "0x10", "+5"])("invalid age is ignored: %s", (age) => {
    // RFC 9111 §5.1: an invalid Age value is ignored.
    expect(correctedInitialAge(secondsAgo(1), "Date", httpDate(NOW), "Age", age)).toBe(1);
  });

  it("first age value is used", () => {
    expect(correctedInitialAge(NOW, "Age", "7200, 0")).toBe(7200);
    expect(correctedInitialAge(NOW, "Age", "0, 7200")).toBe(0);
    expect(correctedInitialAge(NOW, "Age", "7200", "Age", "0")).toBe(7200);
    expect(correctedInitialAge(NOW, "Age", "0", "Age", "7200")).toBe(0);
  });

  it("huge age is capped at two to the 31", () => {
    expect(correctedInitialAge(NOW, "Age", "99999999999")).toBe(2_147_483_648);
    expect(correctedInitialAge(NOW, "Age", "0000000000030")).toBe(30);
  });

  it("current age adds the time resident in the cache", () => {
    // RFC 9111 §4.2.3: current_age = corrected_initial_age + resident_time.
    expect(CurrentAge.currentAgeSeconds(10, ONE_MINUTE_AGO, NOW)).toBe(70);
    expect(CurrentAge.currentAgeSeconds(10, NOW, NOW)).toBe(10);
  });

  it("resident time is never negative", () => {
    expect(CurrentAge.currentAgeSeconds(10, IN_ONE_HOUR, NOW)).toBe(10);
  });
});

/** Not ported from CurrentAgeTest: Java's trim, and Duration's whole seconds rounded towards the past. */
describe("CurrentAge in detail", () => {
  it("age is trimmed of spaces but not of a no-break space", () => {
    expect(CurrentAge.ageValue(Headers.of("Age", " 12 "))).toBe(12);
    expect(CurrentAge.ageValue(Headers.of("Age", "\u00a012"))).toBe(0);
    expect(CurrentAge.ageValue(Headers.of("Age", ",12"))).toBe(0);
  });

  it("a fraction of a second counts as a whole one only once it is complete", () => {
    expect(CurrentAge.currentAgeSeconds(0, NOW, NOW + 999)).toBe(0);
    expect(CurrentAge.currentAgeSeconds(0, NOW, NOW + 1000)).toBe(1);
    expect(CurrentAge.correctedInitialAgeSeconds(Headers.EMPTY, NOW - 1500, NOW)).toBe(1);
  });
});
