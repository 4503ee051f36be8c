import { describe, expect, it } from "vitest";
import { HttpDates } from "../../../src/core/http/HttpDates.js";

const NOW = Date.UTC(2026, 0, 1);
const FULL_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
/** The example instant of RFC 9110 §5.6.7. */
const RFC_EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);

describe("HttpDates", () => {
  it("parses imf fixdate", () => {
    expect(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(RFC_EXAMPLE);
    expect(HttpDates.parse("Thu, 01 Jan 2026 00:00:00 GMT")).toBe(NOW);
  });

  it("parses rfc850 date with two digit year in the previous century", () => {
    // RFC 9110 §5.6.7: recipients MUST accept the obsolete rfc850-date; "94" is 1994, not 2094.
    expect(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(RFC_EXAMPLE);
  });

  it("parses rfc850 date with two digit year in this century", () => {
    expect(HttpDates.parse("Thursday, 01-Jan-26 00:00:00 GMT")).toBe(NOW);
  });

  it("parses asctime with space padded day", () => {
    expect(HttpDates.parse("Sun Nov  6 08:49:37 1994")).toBe(RFC_EXAMPLE);
    expect(HttpDates.parse("Thu Jan  1 00:00:00 2026")).toBe(NOW);
    expect(HttpDates.parse("Fri Nov 28 12:00:00 2025")).toBe(Date.UTC(2025, 10, 28, 12));
  });

  it("tolerates surrounding whitespace", () => {
    expect(HttpDates.parse("  Thu, 01 Jan 2026 00:00:00 GMT ")).toBe(NOW);
  });

  it.each([
    null,
    undefined,
    "",
    "0",
    "-1",
    "not a date",
    "Thu, 01 Jan 2026 00:00:00 UTC",
    "Thu, 01 Jan 26 00:00:00 GMT",
    "Thu 01 Jan 2026 00:00:00 GMT",
    "Thu, 01  Jan  2026 00:00:00 GMT",
    "Thu, 01-Jan-2026 00:00:00 GMT",
    "Thu, 01 Jan 2026 00.00.00 GMT",
    "Thu, 01 Jan 2026 0:00:00 GMT",
    "Thu, 1 Jan 2026 00:00:00 GMT",
    "THU, 01 Jan 2026 00:00:00 GMT",
    "Thu, 01 JAN 2026 00:00:00 GMT",
    "Thu, 01 Jan 2026 00:00:00 gMT",
    "Mon, 01 Jan 2026 00:00:00 GMT",
    "2026-01-01T00:00:00Z",
  ])("rejects anything that is not an http date: %s", (value) => {
    expect(HttpDates.parse(value)).toBeUndefined();
  });

  it("formats imf fixdate truncated to whole seconds", () => {
    expect(HttpDates.format(NOW + 999)).toBe("Thu, 01 Jan 2026 00:00:00 GMT");
    expect(HttpDates.format(RFC_EXAMPLE)).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
  });

  it("formatted date parses back", () => {
    const instant = Date.UTC(2031, 6, 9, 23, 59, 59);

    expect(HttpDates.parse(HttpDates.format(instant))).toBe(instant);
  });
});

/**
 * Not ported from HttpDatesTest: what the Java's formatters (strict, resolver style SMART) accept beyond the
 * RFC grammar and what they still refuse. Each expectation is the gateway's answer on JDK 17.
 */
describe("HttpDates as java.time resolves it", () => {
  it.each([
    ["an impossible day is moved back to the month's end", "Sat, 31 Feb 2026 00:00:00 GMT", Date.UTC(2026, 1, 28)],
    ["the weekday is checked against the moved day", "Sun, 29 Feb 2032 00:00:00 GMT", Date.UTC(2032, 1, 29)],
    ["a thirty-day month keeps its thirtieth", "Thu, 31 Apr 2026 00:00:00 GMT", Date.UTC(2026, 3, 30)],
    ["24:00:00 is the midnight that ends the day", "Wed, 31 Dec 2025 24:00:00 GMT", NOW],
    ["24:00:00 of the day whose weekday is given", "Thu, 01 Jan 2026 24:00:00 GMT", Date.UTC(2026, 0, 2)],
    ["a year of five digits or more carries a plus sign", "Sat, 01 Jan +10000 00:00:00 GMT", Date.UTC(10_000, 0, 1)],
    ["a signed year may have leading zeros", "Thu, 01 Jan +02026 00:00:00 GMT", NOW],
    ["asctime may pad the day with a zero", "Thu Jan 01 00:00:00 2026", NOW],
    ["asctime may end with a signed year", "Thu Jan  1 00:00:00 +02026", NOW],
    ["the two-digit year pivot starts at 1970", "Thursday, 01-Jan-70 00:00:00 GMT", 0],
    ["trailing control characters are trimmed", "Thu, 01 Jan 2026 00:00:00 GMT\u0001", NOW],
  ])("accepts: %s", (_, value, expected) => {
    expect(HttpDates.parse(value)).toBe(expected);
  });

  it.each([
    ["a second past 24:00", "Wed, 31 Dec 2025 24:00:01 GMT"],
    ["a leap second", "Thu, 01 Jan 2026 23:59:60 GMT"],
    ["a four-digit year with a plus sign", "Thu, 01 Jan +2026 00:00:00 GMT"],
    ["a negative year", "Thu, 01 Jan -2026 00:00:00 GMT"],
    ["the year zero", "Sat, 01 Jan 0000 00:00:00 GMT"],
    ["day zero", "Thu, 00 Jan 2026 00:00:00 GMT"],
    ["day 32", "Thu, 32 Jan 2026 00:00:00 GMT"],
    ["an asctime day padded after the digit", "Thu Jan 1  00:00:00 2026"],
    ["an rfc850 date with a short weekday", "Thu, 01-Jan-26 00:00:00 GMT"],
    ["a two-digit year read as 2069 with the weekday of 1969", "Wednesday, 31-Dec-69 00:00:00 GMT"],
    ["a numeric zone", "Thu, 01 Jan 2026 00:00:00 +0000"],
    ["a leading no-break space, which trim keeps", "\u00a0Thu, 01 Jan 2026 00:00:00 GMT"],
    ["a year-end 24:00:00 past the last representable date", "Fri, 31 Dec +999999999 24:00:00 GMT"],
  ])("rejects: %s", (_, value) => {
    expect(HttpDates.parse(value)).toBeUndefined();
  });

  it("formats instants before 1970 and after 9999 as java.time does", () => {
    expect(HttpDates.format(-1)).toBe("Wed, 31 Dec 1969 23:59:59 GMT");
    expect(HttpDates.format(Date.UTC(10_000, 0, 1))).toBe("Sat, 01 Jan +10000 00:00:00 GMT");
    expect(HttpDates.format(-62_135_596_800_000)).toBe("Mon, 01 Jan 0001 00:00:00 GMT");
    expect(HttpDates.format(-62_135_596_800_001)).toBe("Sun, 31 Dec 0001 23:59:59 GMT");
  });

  it("agrees with Date on every day of a deterministic sample", () => {
    // Replaces a generated round trip: one instant every 997,003 seconds from 1900 to 2100, in all three forms.
    for (let instant = Date.UTC(1900, 0, 1); instant < Date.UTC(2100, 0, 1); instant += 997_003_000) {
      const formatted = HttpDates.format(instant);
      const date = new Date(instant);

      expect(formatted).toBe(date.toUTCString());
      expect(HttpDates.parse(formatted)).toBe(instant);
      const [weekday, day, month, year, time] = formatted.split(" ");
      const fullWeekday = FULL_WEEKDAYS[date.getUTCDay()];
      if (year >= 1970 && year < 2070) {
        expect(HttpDates.parse(`${fullWeekday}, ${day}-${month}-${year.substring(2)} ${time} GMT`)).toBe(instant);
      }
      const asctimeDay = String(Number(day)).padStart(2, " ");
      expect(HttpDates.parse(`${weekday.substring(0, 3)} ${month} ${asctimeDay} ${time} ${year}`)).toBe(instant);
    }
  });
});
