import { describe, expect, it } from "vitest";
import { ForwardingHeaders } from "../../../src/core/http/ForwardingHeaders.js";
import { Headers } from "../../../src/core/http/Headers.js";

const CLIENT = Headers.of(
  "Host",
  "shop.example",
  "Accept-Language",
  "fr",
  "X-Forwarded-Host",
  "evil.example",
  "X-Original-URL",
  "/admin",
  "X-Device",
  "mobile",
  "Cookie",
  "session=abc; currency=EUR",
  "Connection",
  "X-Hop",
  "X-Hop",
  "1",
  "Authorization",
  "Bearer t",
);

/** Header hygiene towards the origin, including the cache-poisoning defence. */
describe("ForwardingHeaders", () => {
  it("cacheable fetch drops unkeyed fields that could change a shared response", () => {
    const kept = ForwardingHeaders.keepForCache(CLIENT, new Set(), []);

    expect(kept.contains("X-Original-URL")).toBe(false);
    expect(kept.contains("X-Device")).toBe(false);
    expect(kept.contains("Cookie")).toBe(false);
    expect(kept.first("Accept-Language")).toBe("fr");
    expect(kept.first("Authorization")).toBe("Bearer t");
  });

  it("keyed fields and keyed cookies are forwarded", () => {
    const kept = ForwardingHeaders.keepForCache(CLIENT, new Set(["x-device"]), ["currency"]);

    expect(kept.first("X-Device")).toBe("mobile");
    expect(kept.first("Cookie")).toBe("currency=EUR");
  });

  it("route may forward every cookie", () => {
    expect(ForwardingHeaders.keepForCache(CLIENT, new Set(["cookie"]), []).first("Cookie")).toBe(
      "session=abc; currency=EUR",
    );
  });

  it("cacheable fetch sets forwarded host from the keyed host not the clients claim", () => {
    const toOrigin = ForwardingHeaders.toOrigin(CLIENT, "10.0.0.1", "http", "origin:8081", true);

    expect(toOrigin.first("X-Forwarded-Host")).toBe("shop.example");
    expect(toOrigin.first("Host")).toBe("origin:8081");
    expect(toOrigin.first("X-Forwarded-For")).toBe("10.0.0.1");
    expect(toOrigin.contains("X-Hop")).toBe(false);
    expect(toOrigin.first("Via")).toBe("1.1 tiergate");
  });

  it("pass through keeps a forwarded host set upstream", () => {
    expect(ForwardingHeaders.toOrigin(CLIENT, "10.0.0.1", "http", "origin:8081", false).first("X-Forwarded-Host")).toBe(
      "evil.example",
    );
  });

  it("wildcard forwards every field", () => {
    expect(ForwardingHeaders.keepForCache(CLIENT, new Set(["*"]), []).equals(CLIENT)).toBe(true);
  });
});

/** Not ported from ForwardingHeadersTest: further answers of the gateway on JDK 17. */
describe("ForwardingHeaders in detail", () => {
  it("a cacheable fetch appends to the forwarded chain and drops what the cache answers itself", () => {
    const client = Headers.of(
      "Host",
      "shop.example",
      "X-Forwarded-For",
      "1.1.1.1",
      "X-Forwarded-For",
      "2.2.2.2",
      "Via",
      "1.0 a",
      "X-Forwarded-Proto",
      "https",
      "Tiergate-Segment",
      "pro",
      "Range",
      "bytes=0-1",
    );

    expect(
      ForwardingHeaders.toOrigin(client, "10.0.0.1", "http", "origin:8081", true).equals(
        Headers.of(
          "Host",
          "origin:8081",
          "X-Forwarded-For",
          "1.1.1.1, 2.2.2.2, 10.0.0.1",
          "X-Forwarded-Proto",
          "http",
          "X-Forwarded-Host",
          "shop.example",
          "Via",
          "1.0 a, 1.1 tiergate",
        ),
      ),
    ).toBe(true);
  });

  it("pass through keeps the client's proto and range", () => {
    const client = Headers.of("Host", "shop.example", "X-Forwarded-Proto", "https", "Range", "bytes=0-1");

    expect(
      ForwardingHeaders.toOrigin(client, "10.0.0.1", "http", "origin:8081", false).equals(
        Headers.of(
          "Range",
          "bytes=0-1",
          "Host",
          "origin:8081",
          "X-Forwarded-For",
          "10.0.0.1",
          "X-Forwarded-Proto",
          "https",
          "X-Forwarded-Host",
          "shop.example",
          "Via",
          "1.1 tiergate",
        ),
      ),
    ).toBe(true);
  });

  it("keyed cookies are collected from every cookie line, trimmed", () => {
    const client = Headers.of("Cookie", "a=1; b=2;c=3", "Cookie", " ; d=4 ;", "Cookie", "=5; a=6");

    expect(ForwardingHeaders.keepForCache(client, new Set(["x"]), ["a", "d", " c"]).first("Cookie")).toBe(
      "a=1; d=4; a=6",
    );
  });

  it("the response to the client loses hop-by-hop fields and gains this hop's via", () => {
    const origin = Headers.of("Connection", "close", "Via", "1.1 cdn", "Content-Type", "text/plain");

    expect(
      ForwardingHeaders.toClient(origin).equals(
        Headers.of("Content-Type", "text/plain", "Via", "1.1 cdn, 1.1 tiergate"),
      ),
    ).toBe(true);
  });
});
