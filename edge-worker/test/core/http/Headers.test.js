import { describe, expect, it } from "vitest";
import { Headers } from "../../../src/core/http/Headers.js";

// The twin of HeadersTest.
describe("Headers", () => {
  const fields = Headers.of("Host", "shop.example", "Accept", "*/*", "accept", "text/html");

  it("without removes every value of the names whatever their case", () => {
    expect(fields.without("ACCEPT").entries()).toStrictEqual(Headers.of("Host", "shop.example").entries());
    expect(fields.without("Host", "Accept").entries()).toStrictEqual([]);
  });

  it("keeps order around the removed fields", () => {
    const several = Headers.of("A", "1", "B", "2", "C", "3", "B", "4", "D", "5");
    expect(several.without("b").entries()).toStrictEqual(Headers.of("A", "1", "C", "3", "D", "5").entries());
  });

  it("removing fields that are not there copies nothing", () => {
    expect(fields.without("Tiergate-Edge-Auth")).toBe(fields);
    expect(fields.filter(() => true)).toBe(fields);
  });
});
