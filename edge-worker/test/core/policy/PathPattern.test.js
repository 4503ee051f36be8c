import { describe, expect, it } from "vitest";
import { PathPattern } from "../../../src/core/policy/PathPattern.js";

describe("PathPattern", () => {
  it("literal pattern matches only its path", () => {
    const pattern = PathPattern.compile("/api/health");

    expect(pattern.match("/api/health")).toStrictEqual(new Map());
    expect(pattern.match("/api/health/")).toBeUndefined();
    expect(pattern.match("/api/healthz")).toBeUndefined();
    expect(pattern.match("/API/health")).toBeUndefined();
  });

  it("parameters capture one segment each in order", () => {
    const pattern = PathPattern.compile("/shops/{shop}/products/{id}");

    expect(pattern.parameterNames()).toStrictEqual(["shop", "id"]);
    expect([...pattern.match("/shops/eu/products/42")]).toStrictEqual([
      ["shop", "eu"],
      ["id", "42"],
    ]);
    expect(pattern.match("/shops/eu/products/42/reviews")).toBeUndefined();
    expect(pattern.match("/shops/eu/products/")).toBeUndefined();
    expect(pattern.match("/shops//products/42")).toBeUndefined();
  });

  it("star matches exactly one non-empty segment without capturing", () => {
    const pattern = PathPattern.compile("/v1/*/items");

    expect(pattern.parameterNames()).toStrictEqual([]);
    expect(pattern.match("/v1/abc/items")).toStrictEqual(new Map());
    expect(pattern.match("/v1/a/b/items")).toBeUndefined();
    expect(pattern.match("/v1//items")).toBeUndefined();
  });

  it("trailing double star matches the prefix itself and everything below", () => {
    const pattern = PathPattern.compile("/static/**");

    expect(pattern.match("/static")).toBeDefined();
    expect(pattern.match("/static/")).toBeDefined();
    expect(pattern.match("/static/css/site.css")).toBeDefined();
    expect(pattern.match("/staticfiles")).toBeUndefined();
    expect(pattern.match("/other/static/x")).toBeUndefined();
  });

  it("root double star matches every path", () => {
    const pattern = PathPattern.compile("/**");

    expect(pattern.match("/")).toBeDefined();
    expect(pattern.match("/a/b/c")).toBeDefined();
  });

  it("parameters and double star combine", () => {
    const pattern = PathPattern.compile("/files/{bucket}/**");

    expect(pattern.match("/files/photos/2024/a.jpg")).toStrictEqual(new Map([["bucket", "photos"]]));
    expect(pattern.match("/files/photos")).toStrictEqual(new Map([["bucket", "photos"]]));
  });

  it("regex characters in literals are literal", () => {
    const pattern = PathPattern.compile("/a.b/(x)+");

    expect(pattern.match("/a.b/(x)+")).toBeDefined();
    expect(pattern.match("/aXb/xx")).toBeUndefined();
  });

  it("toString is the source", () => {
    expect(String(PathPattern.compile("/api/products/{id}"))).toBe("/api/products/{id}");
  });

  it("pattern must start with a slash", () => {
    expect(() => PathPattern.compile("api/**")).toThrow('start with "/"');
  });

  it("double star only as the last segment", () => {
    expect(() => PathPattern.compile("/a/**/b")).toThrow("last segment");
  });

  it("a parameter name may appear only once", () => {
    expect(() => PathPattern.compile("/{id}/x/{id}")).toThrow("{id} appears twice");
  });

  it.each(["/files/*.jpg", "/a/{id", "/a/id}", "/a/pre{id}", "/a/{1x}", "/a/{}", "/a/x**"])(
    "wildcards and parameters must be whole segments: %s",
    (malformed) => {
      expect(() => PathPattern.compile(malformed)).toThrow("mixes text");
    },
  );
});
