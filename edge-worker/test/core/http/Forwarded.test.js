import { describe, expect, it } from "vitest";
import { Forwarded } from "../../../src/core/http/Forwarded.js";
import { Headers } from "../../../src/core/http/Headers.js";

const first = (value) => {
  const element = Forwarded.firstElement(value);
  expect(element).toBeDefined();
  return element;
};

/** RFC 7239 Forwarded: the first element's parameters, quoted strings, node names. */
describe("Forwarded", () => {
  it("first elements parameters are read", () => {
    const element = first("for=192.0.2.60;proto=https;by=203.0.113.43;host=shop.example");

    expect(element.forNode).toBe("192.0.2.60");
    expect(element.proto).toBe("https");
    expect(element.byNode).toBe("203.0.113.43");
    expect(element.host).toBe("shop.example");
  });

  it("only the first element counts", () => {
    // RFC 7239 §4: each proxy appends an element; the first describes the client's own request.
    const element = first("for=192.0.2.43;host=a.example, for=198.51.100.17;host=b.example");

    expect(element.forNode).toBe("192.0.2.43");
    expect(element.host).toBe("a.example");
  });

  it("field lines are one list", () => {
    const headers = Headers.of("Forwarded", "for=192.0.2.43", "Forwarded", "for=198.51.100.17");

    expect(Forwarded.first(headers).forNode).toBe("192.0.2.43");
    expect(Forwarded.first(Headers.EMPTY)).toBeUndefined();
  });

  it("quoted strings are unquoted and may hold commas and semicolons", () => {
    const element = first('for="[2001:db8:cafe::17]:4711";host="shop.example:8443";x="a,b;c\\"d"');

    expect(element.forNode).toBe("[2001:db8:cafe::17]:4711");
    expect(element.host).toBe("shop.example:8443");
  });

  it("comma inside a quoted string does not end the element", () => {
    expect(first('x="a, b";for=192.0.2.1, for=192.0.2.2').forNode).toBe("192.0.2.1");
  });

  it("parameter names are case insensitive", () => {
    expect(first("For=192.0.2.1;HOST=shop.example").host).toBe("shop.example");
  });

  it("whitespace around semicolons and empty elements are tolerated", () => {
    const element = first(" , for=192.0.2.1 ; proto=http ;; host=a.example ");

    expect(element.forNode).toBe("192.0.2.1");
    expect(element.proto).toBe("http");
    expect(element.host).toBe("a.example");
  });

  it("absent parameters are empty", () => {
    const element = first("proto=https");

    expect(element.forNode).toBeUndefined();
    expect(element.host).toBeUndefined();
  });

  it.each([
    "for=[2001:db8::1]",
    "for=192.0.2.1;for=192.0.2.2",
    'for="192.0.2.1',
    "for =192.0.2.1",
    "for= 192.0.2.1",
    "for",
    "=x",
    "for=",
    'for=""',
    "for=a b",
    'for="a\u0001"',
    'for="a\\\u0001"',
    'for="a\\',
  ])("malformed first element is no element: %j", (value) => {
    expect(Forwarded.firstElement(value)).toBeUndefined();
  });

  it("nothing but empty elements is no element", () => {
    expect(Forwarded.firstElement(" , ,")).toBeUndefined();
    expect(Forwarded.firstElement("")).toBeUndefined();
  });

  it("node addresses of both families with or without ports", () => {
    expect(Forwarded.nodeAddress("192.0.2.43")).toBe("192.0.2.43");
    expect(Forwarded.nodeAddress("192.0.2.43:47011")).toBe("192.0.2.43");
    expect(Forwarded.nodeAddress("[2001:db8:cafe::17]")).toBe("2001:db8:cafe::17");
    expect(Forwarded.nodeAddress("[2001:db8:cafe::17]:4711")).toBe("2001:db8:cafe::17");
    expect(Forwarded.nodeAddress("192.0.2.43:_port-1")).toBe("192.0.2.43");
  });

  it.each([
    "unknown",
    "_hidden",
    "_SEVKISEK",
    "2001:db8::1",
    "[192.0.2.43]",
    "[2001:db8::1",
    "[2001:db8::1]x",
    "[2001:db8::1]:",
    "192.0.2.43:123456",
    "192.0.2.43:_",
    "192.0.2.43:8a",
    "[fe80::1%eth0]",
    "shop.example",
    "",
  ])("unknown obfuscated and malformed nodes have no address: %j", (node) => {
    expect(Forwarded.nodeAddress(node)).toBeUndefined();
  });
});
