import { describe, expect, it } from "vitest";
import { RequestParts } from "../../../src/core/policy/RequestParts.js";

const { Parameter } = RequestParts;

describe("RequestParts", () => {
  it("target splits at the first question mark", () => {
    expect(RequestParts.path("/a/b?x=1?y")).toBe("/a/b");
    expect(RequestParts.rawQuery("/a/b?x=1?y")).toBe("x=1?y");
    expect(RequestParts.path("/a")).toBe("/a");
    expect(RequestParts.rawQuery("/a")).toBe("");
    expect(RequestParts.rawQuery("/a?")).toBe("");
  });

  it.each([
    ["/a/b/c/./../../g", "/a/g"],
    ["/a/./b", "/a/b"],
    ["/a/b/..", "/a/"],
    ["/a/b/.", "/a/b/"],
    ["/../a", "/a"],
    ["/../../..", "/"],
    ["/.", "/"],
    ["/a/.hidden/..x", "/a/.hidden/..x"],
    ["/mid/content=5/../6", "/mid/6"],
    ["/a//b/../c", "/a//c"],
  ])("dot segments are removed per RFC 3986: %s -> %s", (path, normalised) => {
    expect(RequestParts.normalisePath(path)).toBe(normalised);
  });

  it("encoded unreserved characters are decoded", () => {
    expect(RequestParts.normalisePath("/%7Euser/%61%62%2D%2e%5F")).toBe("/~user/ab-._");
  });

  it("other percent-encodings are upper-cased but kept", () => {
    expect(RequestParts.normalisePath("/a%2fb/%c3%a9/%20")).toBe("/a%2Fb/%C3%A9/%20");
  });

  it("encoded dots are decoded before dot segments are removed", () => {
    expect(RequestParts.normalisePath("/a/%2E%2E/b")).toBe("/b");
    expect(RequestParts.normalisePath("/a/%2e/b")).toBe("/a/b");
  });

  it("encoded slash is not a segment separator", () => {
    expect(RequestParts.normalisePath("/a/..%2Fsecret")).toBe("/a/..%2Fsecret");
  });

  it("malformed percent sequences are left alone", () => {
    expect(RequestParts.normalisePath("/100%")).toBe("/100%");
    expect(RequestParts.normalisePath("/a%4")).toBe("/a%4");
    expect(RequestParts.normalisePath("/a%zz")).toBe("/a%zz");
    expect(RequestParts.normalisePath("/%41")).toBe("/A");
  });

  it("query parameters keep their order and distinguish missing from empty values", () => {
    const parameters = RequestParts.parameters("b=2&a&c=&a=1");

    expect(parameters).toStrictEqual([
      new Parameter("b", "2", true),
      new Parameter("a", "", false),
      new Parameter("c", "", true),
      new Parameter("a", "1", true),
    ]);
    expect(RequestParts.join(parameters)).toBe("b=2&a&c=&a=1");
  });

  it("empty query members are dropped", () => {
    expect(RequestParts.parameters("&&a=1&&")).toStrictEqual([new Parameter("a", "1", true)]);
    expect(RequestParts.parameters("")).toStrictEqual([]);
  });

  it("query percent-encoding is normalised but plus is kept", () => {
    expect(RequestParts.parameters("%71=%7e%2f&q=a+b")).toStrictEqual([
      new Parameter("q", "~%2F", true),
      new Parameter("q", "a+b", true),
    ]);
  });

  it("value may contain equals signs", () => {
    expect(RequestParts.parameters("token=a=b==")).toStrictEqual([new Parameter("token", "a=b==", true)]);
  });

  it("parameter lookup decodes names and values and takes the first", () => {
    const parameters = RequestParts.parameters("tier=gold&tier=silver&my%20name=a+b%21");

    expect(RequestParts.parameter(parameters, "tier")).toBe("gold");
    expect(RequestParts.parameter(parameters, "my name")).toBe("a b!");
    expect(RequestParts.parameter(parameters, "absent")).toBeUndefined();
  });

  it("cookies are split, trimmed and unquoted", () => {
    const cookies = RequestParts.cookies(['a=1; b="two";c=x=y', "d=4"]);

    expect([...cookies]).toStrictEqual([
      ["a", "1"],
      ["b", "two"],
      ["c", "x=y"],
      ["d", "4"],
    ]);
  });

  it("the first of a repeated cookie wins", () => {
    expect(RequestParts.cookies(["session=first; session=second", "session=third"]).get("session")).toBe("first");
  });

  it("cookie pairs without name or equals are ignored", () => {
    expect([...RequestParts.cookies(["=orphan; flag; ok=1; ;"])]).toStrictEqual([["ok", "1"]]);
    expect(RequestParts.cookies([]).size).toBe(0);
  });

  it("an empty cookie value is kept", () => {
    expect([...RequestParts.cookies(['a=; b=""'])]).toStrictEqual([
      ["a", ""],
      ["b", ""],
    ]);
  });
});

// Not in the Java test: what java.net.URLDecoder does that a JavaScript decoder would not, checked
// against the JDK (a query segment must select the same audience on both sides).
describe("RequestParts.decode, as java.net.URLDecoder", () => {
  it("decodes plus as a space and UTF-8 escapes", () => {
    expect(RequestParts.decode("a+b%C3%A9")).toBe("a bé");
  });

  it("leaves the whole text alone when an escape is malformed or incomplete", () => {
    expect(RequestParts.decode("a+b%zz")).toBe("a+b%zz");
    expect(RequestParts.decode("a+b%4")).toBe("a+b%4");
    expect(RequestParts.decode("a%41%")).toBe("a%41%");
    expect(RequestParts.decode("%-1")).toBe("%-1");
  });

  it("takes a sign and one digit as Integer.parseInt does", () => {
    expect(RequestParts.decode("%+1")).toBe("\u0001");
    expect(RequestParts.decode("%-0")).toBe("\u0000");
  });

  it("replaces malformed UTF-8 with Java's sequence lengths", () => {
    expect(RequestParts.decode("%ED%A0%80")).toBe("\ufffd");
    expect(RequestParts.decode("%F0%9F%98")).toBe("\ufffd");
    expect(RequestParts.decode("%E2%28%A1")).toBe("\ufffd(\ufffd");
    expect(RequestParts.decode("%F4%90%80%80")).toBe("\ufffd".repeat(4));
    expect(RequestParts.decode("%F1%80%80%41")).toBe("\ufffdA");
    expect(RequestParts.decode("%F0%9F%98%80")).toBe("\u{1F600}");
  });
});
