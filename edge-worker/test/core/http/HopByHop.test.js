import { describe, expect, it } from "vitest";
import { Headers } from "../../../src/core/http/Headers.js";
import { HopByHop } from "../../../src/core/http/HopByHop.js";

/** The gateway has no unit test of its own for HopByHop; this is its answer on JDK 17. */
describe("HopByHop", () => {
  it("removes the standard fields and those the connection field names", () => {
    const headers = Headers.of(
      "Connection",
      "X-Hop, , Keep-Alive",
      "X-Hop",
      "1",
      "keep-alive",
      "2",
      "TE",
      "trailers",
      "Upgrade",
      "h2c",
      "Accept",
      "*/*",
      "Proxy-Authorization",
      "x",
    );

    expect(HopByHop.strip(headers).equals(Headers.of("Accept", "*/*"))).toBe(true);
  });

  it("keeps its standard set immutable", () => {
    expect(() => HopByHop.STANDARD.add("accept")).toThrow(TypeError);
    expect(HopByHop.STANDARD.has("accept")).toBe(false);
  });
});
