import { describe, expect, it } from "vitest";
import { Cidr } from "../../../src/core/http/Cidr.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { TrustedUpstreams } from "../../../src/core/policy/TrustedUpstreams.js";
import { ClientOrigin } from "../../../src/core/plan/ClientOrigin.js";

// The twin of the gateway's ClientOriginTest.
const SECRET = "6d1f0c2b9a8e7d6c5b4a39281706f5e4";
const BY_RANGE = new TrustedUpstreams([Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128")], undefined);
const BY_SECRET = new TrustedUpstreams([], "EDGE_SECRET");
const BY_BOTH = new TrustedUpstreams([Cidr.parse("10.0.0.0/8")], "EDGE_SECRET");
const EDGE = "10.1.2.3";
const STRANGER = "203.0.113.9";

const resolve = (trust, peer, ...headers) => ClientOrigin.resolve(trust, peer, "http", Headers.of(...headers), SECRET);

/** Who made a request: the connection's client, or the one a trusted upstream forwarded. */
describe("ClientOrigin", () => {
  it("a direct client is the connection", () => {
    const client = ClientOrigin.direct(
      STRANGER,
      "https",
      Headers.of("Host", "shop.example", "X-Forwarded-Host", "evil.example"),
    );

    expect(client.trusted).toBe(false);
    expect(client.host).toBe("shop.example");
    expect(client.clientIp).toBe(STRANGER);
    expect(client.scheme).toBe("https");
    // Passed on as the client sent it, never believed.
    expect(client.fields.first("X-Forwarded-Host")).toBe("evil.example");
  });

  it("a peer in a trusted range is believed", () => {
    const client = resolve(
      BY_RANGE,
      EDGE,
      "Host",
      "gateway.internal",
      "X-Forwarded-Host",
      "shop.example",
      "X-Forwarded-For",
      "198.51.100.7",
      "X-Forwarded-Proto",
      "https",
    );

    expect(client.trusted).toBe(true);
    expect(client.host).toBe("shop.example");
    expect(client.clientIp).toBe("198.51.100.7");
    expect(client.scheme).toBe("https");
    expect(client.fields.first("Host")).toBe("shop.example");
    expect(client.fields.contains("X-Forwarded-Host")).toBe(false);
    expect(client.fields.contains("X-Forwarded-For")).toBe(false);
  });

  it("a peer outside the ranges is not believed whatever it sends", () => {
    const client = resolve(
      BY_RANGE,
      STRANGER,
      "Host",
      "shop.example",
      "X-Forwarded-Host",
      "evil.example",
      "X-Forwarded-For",
      "10.0.0.1",
      "Forwarded",
      "host=evil.example;for=10.0.0.1",
      "X-Forwarded-Proto",
      "https",
    );

    expect(client.trusted).toBe(false);
    expect(client.host).toBe("shop.example");
    expect(client.clientIp).toBe(STRANGER);
    expect(client.scheme).toBe("http");
  });

  it("the ipv4 mapped form of a trusted peer is trusted", () => {
    expect(resolve(BY_RANGE, "::ffff:10.9.9.9", "Host", "a").trusted).toBe(true);
    expect(resolve(BY_RANGE, "0:0:0:0:0:0:0:1", "Host", "a").trusted).toBe(true);
    expect(resolve(BY_RANGE, "unknown", "Host", "a").trusted).toBe(false);
  });

  it("the secret alone is enough when no range is set", () => {
    expect(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", SECRET).trusted).toBe(true);
    expect(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", SECRET + "x").trusted).toBe(false);
    expect(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", "").trusted).toBe(false);
    // No secret sent.
    expect(resolve(BY_SECRET, EDGE, "Host", "a").trusted).toBe(false);
  });

  it("the secret sent twice is not trusted", () => {
    expect(
      resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", "guess", "Tiergate-Edge-Auth", SECRET).trusted,
    ).toBe(false);
  });

  it("with both set a request must meet both", () => {
    expect(resolve(BY_BOTH, EDGE, "Host", "a", "Tiergate-Edge-Auth", SECRET).trusted).toBe(true);
    expect(resolve(BY_BOTH, STRANGER, "Host", "a", "Tiergate-Edge-Auth", SECRET).trusted).toBe(false);
    expect(resolve(BY_BOTH, EDGE, "Host", "a", "Tiergate-Edge-Auth", "wrong-wrong-wrong-wrong").trusted).toBe(false);
  });

  it("without the secret's value no secret matches", () => {
    const client = ClientOrigin.resolve(
      BY_SECRET,
      EDGE,
      "http",
      Headers.of("Host", "a", "Tiergate-Edge-Auth", ""),
      undefined,
    );

    expect(client.trusted).toBe(false);
  });

  it("no upstream is trusted without the setting", () => {
    expect(resolve(TrustedUpstreams.NONE, EDGE, "Host", "a", "X-Forwarded-Host", "b").host).toBe("a");
  });

  it("the secret is never among the fields the request is planned with", () => {
    expect(
      resolve(BY_SECRET, EDGE, "Host", "a", "Tiergate-Edge-Auth", SECRET).fields.contains("Tiergate-Edge-Auth"),
    ).toBe(false);
    expect(
      resolve(BY_SECRET, EDGE, "Host", "a", "Tiergate-Edge-Auth", "guess").fields.contains("Tiergate-Edge-Auth"),
    ).toBe(false);
    expect(
      ClientOrigin.direct(EDGE, "http", Headers.of("Host", "a", "Tiergate-Edge-Auth", "x")).fields.contains(
        "Tiergate-Edge-Auth",
      ),
    ).toBe(false);
  });

  it("the first forwarded host is the clients", () => {
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", "shop.example, edge.internal").host).toBe(
      "shop.example",
    );
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", " , shop.example").host).toBe("shop.example");
  });

  it("forwarded is read when the x forwarded fields are missing", () => {
    const client = resolve(
      BY_RANGE,
      EDGE,
      "Host",
      "gw",
      "Forwarded",
      'for="[2001:db8::17]:4711";host=shop.example;proto=https',
    );

    expect(client.host).toBe("shop.example");
    expect(client.clientIp).toBe("2001:db8::17");
    expect(client.scheme).toBe("https");
    expect(client.fields.contains("Forwarded")).toBe(false);
  });

  it("x forwarded fields win over forwarded", () => {
    const client = resolve(
      BY_RANGE,
      EDGE,
      "Host",
      "gw",
      "X-Forwarded-Host",
      "a.example",
      "X-Forwarded-For",
      "198.51.100.1",
      "Forwarded",
      "for=198.51.100.2;host=b.example",
    );

    expect(client.host).toBe("a.example");
    expect(client.clientIp).toBe("198.51.100.1");
  });

  it("the client is the rightmost forwarded address outside the trusted ranges", () => {
    const client = resolve(
      BY_RANGE,
      EDGE,
      "Host",
      "gw",
      "X-Forwarded-For",
      "192.0.2.66, 198.51.100.7",
      "X-Forwarded-For",
      "10.0.0.5, ::1",
    );

    expect(client.clientIp).toBe("198.51.100.7");
    // What came before the client is passed on.
    expect(client.fields.all("X-Forwarded-For")).toEqual(["192.0.2.66"]);
  });

  it("when every forwarded address is trusted the peer is the client", () => {
    const client = resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "10.0.0.1, 10.0.0.2");

    expect(client.clientIp).toBe(EDGE);
    expect(client.fields.first("X-Forwarded-For")).toBe("10.0.0.1, 10.0.0.2");
  });

  it("with the secret alone the last forwarded address is the client", () => {
    const client = resolve(
      BY_SECRET,
      STRANGER,
      "Host",
      "gw",
      "Tiergate-Edge-Auth",
      SECRET,
      "X-Forwarded-For",
      "10.0.0.1, 198.51.100.7",
    );

    expect(client.clientIp).toBe("198.51.100.7");
  });

  it("forwarded addresses with ports and brackets are read", () => {
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "198.51.100.7:5123").clientIp).toBe("198.51.100.7");
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "[2001:db8::1]:443").clientIp).toBe("2001:db8::1");
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "2001:db8::2").clientIp).toBe("2001:db8::2");
  });

  it("a forwarded entry that is no address leaves the peer as the client", () => {
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "unknown").clientIp).toBe(EDGE);
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "198.51.100.7, not-an-ip").clientIp).toBe(EDGE);
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "Forwarded", "for=_hidden").clientIp).toBe(EDGE);
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "Forwarded", "for=unknown").clientIp).toBe(EDGE);
  });

  it("an unknown proto keeps the connections scheme", () => {
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Proto", "HTTPS").scheme).toBe("https");
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Proto", "ftp").scheme).toBe("http");
  });

  it("a trusted request without forwarded host keeps its own", () => {
    expect(resolve(BY_RANGE, EDGE, "Host", "shop.example").host).toBe("shop.example");
    expect(resolve(BY_RANGE, EDGE).host).toBe("");
  });

  it("a malformed forwarded host is kept for routing to refuse", () => {
    // RequestPlan.route holds it to the rules of Host: 400, never a key.
    expect(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", "evil.example/x?").host).toBe("evil.example/x?");
  });
});
