import { describe, expect, it } from "vitest";
import { RequestTarget } from "../../../src/core/http/RequestTarget.js";

/** The gateway has no unit test of its own for RequestTarget; these are its answers on JDK 17. */
describe("RequestTarget", () => {
  it.each([
    ["/a?b", undefined, 400, "missing Host"],
    ["/a?b", "", 400, "missing Host"],
    ["a", "h", 400, 'request target must be in origin form (start with "/")'],
    ["/a b", "h", 400, "request target contains control characters or spaces"],
    ["/\u007f", "h", 400, "request target contains control characters or spaces"],
    ["/ok", "h\u00e9", 400, "invalid Host"],
    ["/ok", "a b", 400, "invalid Host"],
    ["/ok", "h".repeat(256), 400, "invalid Host"],
    ["/" + "a".repeat(8192), "h", 414, "request target longer than 8192 characters"],
  ])("rejects %j with Host %j", (target, host, status, reason) => {
    expect(RequestTarget.check(target, host)).toStrictEqual(new RequestTarget.Rejection(status, reason));
  });

  it.each([
    ["/\u00e9", "h"],
    ["/ok", "[::1]:8080"],
    ["/" + "a".repeat(8191), "h".repeat(255)],
  ])("lets %j with Host %j proceed", (target, host) => {
    expect(RequestTarget.check(target, host)).toBeUndefined();
  });
});
