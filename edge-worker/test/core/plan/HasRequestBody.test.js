import { describe, expect, it } from "vitest";
import { Headers } from "../../../src/core/http/Headers.js";
import { RequestPlan } from "../../../src/core/plan/RequestPlan.js";

// RequestPlan.hasRequestBody reads Content-Length with Long.parseLong(value.trim()); the expected values are
// the gateway's answers on JDK 17.
describe("RequestPlan.hasRequestBody", () => {
  const withLength = (value) => RequestPlan.hasRequestBody(Headers.of("Content-Length", value));

  it("is true with a Transfer-Encoding, false with neither field", () => {
    expect(RequestPlan.hasRequestBody(Headers.of("Transfer-Encoding", "chunked"))).toBe(true);
    expect(RequestPlan.hasRequestBody(Headers.of())).toBe(false);
  });

  it.each(["0", " 0 ", "00", "+0", "-0", "-1", "0\u0000", "\u0660", "-\u0663", "\uff10"])(
    "has no body for a Content-Length of %j",
    (value) => {
      expect(withLength(value)).toBe(false);
    },
  );

  it.each(["1", "\u0663", "x", "", "\u00a00", "9223372036854775808"])(
    "has a body for a Content-Length of %j (unparseable counts as huge)",
    (value) => {
      expect(withLength(value)).toBe(true);
    },
  );
});
