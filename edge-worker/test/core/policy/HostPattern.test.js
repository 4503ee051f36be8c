import { describe, expect, it } from "vitest";
import { HostPattern } from "../../../src/core/policy/HostPattern.js";

describe("HostPattern", () => {
  it("exact name matches only that name", () => {
    const pattern = new HostPattern("api.example.com");

    expect(pattern.matches("api.example.com")).toBe(true);
    expect(pattern.matches("www.example.com")).toBe(false);
    expect(pattern.matches("x.api.example.com")).toBe(false);
    expect(pattern.matches("api.example.com.evil.net")).toBe(false);
  });

  it("wildcard matches subdomains but not the apex", () => {
    const pattern = new HostPattern("*.example.com");

    expect(pattern.matches("api.example.com")).toBe(true);
    expect(pattern.matches("a.b.example.com")).toBe(true);
    expect(pattern.matches("example.com")).toBe(false);
    expect(pattern.matches(".example.com")).toBe(false);
    expect(pattern.matches("badexample.com")).toBe(false);
  });

  it("the port of the host field is ignored", () => {
    expect(new HostPattern("api.example.com").matches("api.example.com:8443")).toBe(true);
    expect(new HostPattern("*.example.com").matches("api.example.com:80")).toBe(true);
    expect(new HostPattern("example.com").matches("example.com:")).toBe(true);
  });

  it("ipv6 literals keep their colons", () => {
    expect(HostPattern.stripPort("[::1]:8080")).toBe("[::1]");
    expect(HostPattern.stripPort("[::1]")).toBe("[::1]");
  });

  it("matching ignores case of both pattern and host", () => {
    const pattern = new HostPattern("API.Example.COM");

    expect(pattern.pattern).toBe("api.example.com");
    expect(pattern.matches("Api.EXAMPLE.com")).toBe(true);
    expect(new HostPattern("*.Example.com").matches("WWW.EXAMPLE.COM:443")).toBe(true);
  });

  it("star matches any host", () => {
    expect(HostPattern.ANY.matches("anything.at.all:1234")).toBe(true);
    expect(new HostPattern("*").equals(HostPattern.ANY)).toBe(true);
    expect(new HostPattern("*")).toStrictEqual(HostPattern.ANY);
  });

  it.each([
    "",
    "*example.com",
    "api.*.com",
    "*.*.com",
    "api.example.com:8080",
    "-api.example.com",
    "api_example.com",
    "http://api.example.com",
    "api..example.com",
    "*.",
  ])("malformed pattern %j is refused", (pattern) => {
    expect(() => new HostPattern(pattern)).toThrow("is not a host name");
  });
});
