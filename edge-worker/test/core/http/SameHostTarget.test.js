import { describe, expect, it } from "vitest";
import { SameHostTarget } from "../../../src/core/http/SameHostTarget.js";

/**
 * The gateway has no unit test of its own for SameHostTarget (the conformance vectors cover it); every expectation
 * here is the gateway's answer on JDK 17, whose java.net.URI decides what a host is.
 */
describe("SameHostTarget", () => {
  it.each([
    ["http://shop.example/a?b", "shop.example", "/a?b"],
    ["https://SHOP.example:443/x?y#z", "shop.example:443", "/x?y"],
    ["/relative?q", "shop.example", "/relative?q"],
    ["  /x  ", "h", "/x"],
    ["http://[::1]:8080/p", "[::1]:8080", "/p"],
    ["http://1.2.3.4:80/x", "1.2.3.4:80", "/x"],
    ["http://shop.example:/x", "shop.example", "/x"],
    ["http://shop.example:0080/x", "shop.example:80", "/x"],
    ["/\u00e4?\u00f6", "h", "/\u00e4?\u00f6"],
  ])("names the same-host target of %s", (value, host, target) => {
    expect(SameHostTarget.of(value, host)).toBe(target);
  });

  it.each([
    ["http://other.example/a", "shop.example"],
    ["relative", "shop.example"],
    ["mailto:x@y", "shop.example"],
    ["http://shop.example/a b", "shop.example"],
    ["//shop.example", "shop.example"],
    ["/%zz", "h"],
  ])("names no target for %s", (value, host) => {
    expect(SameHostTarget.of(value, host)).toBeUndefined();
  });

  it.each([
    "http://evil_host.example/x",
    "http://shop.example:99999999999/x",
    "http://a@b@other.example/x",
    "http://256.1.1.1/x",
  ])("treats a registry-based authority, which has no host, as the request's own: %s", (value) => {
    expect(SameHostTarget.of(value, "shop.example")).toBe("/x");
  });

  it("compares hosts as equalsIgnoreCase does", () => {
    expect(SameHostTarget.of("http://shop.example/x", "\u017fhop.example")).toBe("/x");
    expect(SameHostTarget.of("http://ks.example/x", "\u212a\u017f.example")).toBe("/x");
    expect(SameHostTarget.of("http://shop.example/x", "shop.example.")).toBeUndefined();
  });

  it("lets JDK 17's NumberFormatException through, as the gateway does", () => {
    expect(() => SameHostTarget.of("http://[::9999999999.1.1.1]/x", "shop.example")).toThrow(
      'Error at index 9 in: "9999999999"',
    );
  });
});
