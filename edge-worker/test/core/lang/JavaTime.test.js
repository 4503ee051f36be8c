import { describe, expect, it } from "vitest";
import { wholeSecondsBetween } from "../../../src/core/lang/JavaTime.js";

// The expected values are JDK 17's Duration.between(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).toSeconds().
describe("wholeSecondsBetween (Duration.between(from, to).toSeconds())", () => {
  it.each([
    [0, 0, 0],
    [0, 999, 0],
    [0, 1000, 1],
    [0, 1500, 1],
    [1_700_000_000_123, 1_700_000_060_122, 59],
    [0, 8_640_000_000_000_000, 8_640_000_000_000],
  ])("counts whole seconds forwards (%i to %i: %i)", (from, to, seconds) => {
    expect(wholeSecondsBetween(from, to)).toBe(seconds);
  });

  it.each([
    [0, -1, -1],
    [0, -500, -1],
    [0, -1000, -1],
    [0, -1001, -2],
    [1000, 0, -1],
  ])("rounds backwards towards the past, not towards zero (%i to %i: %i)", (from, to, seconds) => {
    expect(wholeSecondsBetween(from, to)).toBe(seconds);
  });

  it("never gives -0", () => {
    expect(Object.is(wholeSecondsBetween(-1, 0), 0)).toBe(true);
    expect(Object.is(wholeSecondsBetween(1000, 1000), 0)).toBe(true);
  });
});
