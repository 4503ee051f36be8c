import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { KeyDerivation } from "../../../src/core/policy/KeyDerivation.js";
import { TokenResult } from "../../../src/core/policy/TokenResult.js";
import { compiledRoute, policyOf } from "./compiled.js";

const HOST = "shop.example.com";

// The Java test's SegmentDefinitions, as a compiled document carries them.
const SEGMENTS = {
  tier: { from: "header", field: "X-Tier", values: ["gold", "silver"], default: "anon" },
  region: { from: "cookie", field: "region", values: ["eu", "us"], default: "other" },
  view: { from: "query", field: "view", values: ["compact", "full"], default: "default" },
  plan: { from: "jwt", field: "plan", values: ["pro", "free", "42"], default: "anonymous" },
};
const JWT = {
  algorithms: ["RS256"],
  audience: null,
  clockSkewSeconds: 30,
  issuer: null,
  jwks: "keys/jwks.json",
};

/** `KeySpec.DEFAULT`: host, path and every query parameter. */
const DEFAULT = {};

/** A compiled `key` with this query rule. */
function query(mode, ...names) {
  return { query: { mode, names } };
}

/** A compiled `key` that keys this segment. */
function segment(name) {
  return { segment: name };
}

/** The Java test's route(spec): any host and method, "/**", the cache following the origin. */
function derive(spec, target, headers = [], { host = HOST, token = TokenResult.NONE } = {}) {
  const policy = policyOf({ segments: SEGMENTS, jwt: JWT, routes: [compiledRoute({ key: spec })] });
  return KeyDerivation.derive(policy.routes[0], policy.segments, host, target, Headers.of(...headers), token);
}

function key(spec, target, ...headers) {
  return keyWith(spec, HOST, target, TokenResult.NONE, ...headers);
}

function keyWith(spec, host, target, token, ...headers) {
  const result = derive(spec, target, headers, { host, token });
  expect(result.problem).toBe("");
  expect(result.key).toBeDefined();
  return result.key;
}

function refused(spec, target, ...headers) {
  return derive(spec, target, headers);
}

describe("KeyDerivation: the URL family", () => {
  it("default key is host, path and every query parameter", () => {
    const k = key(DEFAULT, "/products?page=2&utm_source=mail");

    expect(k.canonical).toBe("shop.example.com/products?page=2&utm_source=mail");
    expect(k.variant).toBe("");
    expect(k.segment).toBe("");
  });

  it("parameters left out by include do not fragment the cache", () => {
    const spec = query("include", "page");

    const fromMail = key(spec, "/products?page=2&utm_source=mail");
    const fromAds = key(spec, "/products?utm_source=ads&page=2&gclid=xyz");

    expect(fromMail.canonical).toBe("shop.example.com/products?page=2");
    expect(fromAds.hash).toBe(fromMail.hash);
    expect(key(spec, "/products?page=3").hash).not.toBe(fromMail.hash);
  });

  it("parameters left out by exclude do not fragment the cache", () => {
    const spec = query("exclude", "utm_*", "fbclid");

    const a = key(spec, "/products?page=2&utm_source=mail&utm_medium=x");
    const b = key(spec, "/products?fbclid=1&page=2");

    expect(a.canonical).toBe("shop.example.com/products?page=2");
    expect(b.hash).toBe(a.hash);
  });

  it("query none keys only host and path", () => {
    const k = key(query("none"), "/products?page=2");

    expect(k.canonical).toBe("shop.example.com/products");
    expect(k.forwardTarget).toBe("/products");
  });

  it("keyed parameter names are matched after decoding", () => {
    const k = key(query("include", "page"), "/p?pa%67e=2&x=1");

    expect(k.canonical).toBe("shop.example.com/p?page=2");
  });

  it("parameter order does not matter", () => {
    const ab = key(DEFAULT, "/search?a=1&b=2&c");
    const ba = key(DEFAULT, "/search?c&b=2&a=1");

    expect(ba.canonical).toBe("shop.example.com/search?a=1&b=2&c");
    expect(ba.hash).toBe(ab.hash);
  });

  it("repeated parameters keep their relative order because it can matter to the origin", () => {
    const first = key(DEFAULT, "/search?tag=b&x=0&tag=a");
    const second = key(DEFAULT, "/search?tag=a&x=0&tag=b");

    expect(first.canonical).toBe("shop.example.com/search?tag=b&tag=a&x=0");
    expect(second.hash).not.toBe(first.hash);
  });

  it("equivalent percent-encodings share a key", () => {
    const plain = key(DEFAULT, "/~user/caf%C3%A9?q=%2F");
    const encoded = key(DEFAULT, "/%7euser/./caf%c3%a9?q=%2f");

    expect(encoded.canonical).toBe("shop.example.com/~user/caf%C3%A9?q=%2F");
    expect(encoded.hash).toBe(plain.hash);
  });

  it("dot segments are resolved before keying", () => {
    expect(key(DEFAULT, "/a/b/../c/./d").canonical).toBe("shop.example.com/a/c/d");
  });

  it("host case and the default port do not matter", () => {
    const lower = keyWith(DEFAULT, "shop.example.com", "/", TokenResult.NONE);
    const upperWithPort = keyWith(DEFAULT, "SHOP.Example.COM:80", "/", TokenResult.NONE);

    expect(upperWithPort.canonical).toBe("shop.example.com/");
    expect(upperWithPort.hash).toBe(lower.hash);
  });

  it("another port is another site", () => {
    const other = keyWith(DEFAULT, "shop.example.com:8080", "/", TokenResult.NONE);

    expect(other.canonical).toBe("shop.example.com:8080/");
    expect(other.hash).not.toBe(key(DEFAULT, "/").hash);
  });

  it("hash is the lower-case hex SHA-256 of the canonical form", () => {
    const k = key(DEFAULT, "/products/42?b=2&a=1");

    const expected = bytesToHex(sha256(new TextEncoder().encode("shop.example.com/products/42?a=1&b=2")));
    expect(k.hash).toBe(expected);
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hash of a known value", () => {
    expect(KeyDerivation.sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("KeyDerivation: forwarding", () => {
  it("forward target drops unkeyed parameters and keeps the client's order", () => {
    const k = key(query("exclude", "utm_*"), "/a/./products?z=1&utm_source=x&a=2");

    expect(k.forwardTarget).toBe("/a/products?z=1&a=2");
    expect(k.canonical).toBe("shop.example.com/a/products?a=2&z=1");
  });

  it("forward target without keyed parameters has no question mark", () => {
    expect(key(query("include", "page"), "/p?utm=1").forwardTarget).toBe("/p");
    expect(key(DEFAULT, "/p?").forwardTarget).toBe("/p");
  });
});

describe("KeyDerivation: variants", () => {
  it("keyed headers are variant lines, not part of the URL family", () => {
    const spec = { headers: ["accept-language", "x-device"] };

    const english = key(spec, "/p", "Accept-Language", "  en-GB,   en ", "X-Device", "mobile");
    const german = key(spec, "/p", "Accept-Language", "de", "X-Device", "mobile");

    expect(english.variant).toBe("h:accept-language=en-GB, en\nh:x-device=mobile\n");
    expect(german.variant).toBe("h:accept-language=de\nh:x-device=mobile\n");
    expect(german.hash).toBe(english.hash);
  });

  it("repeated keyed header lines are combined", () => {
    const spec = { headers: ["x-flags"] };

    expect(key(spec, "/p", "X-Flags", "a", "X-Flags", "b").variant).toBe("h:x-flags=a, b\n");
  });

  it("a missing keyed header is an empty value", () => {
    const spec = { headers: ["x-device"] };

    expect(key(spec, "/p").variant).toBe("h:x-device=\n");
  });

  it("keyed cookies are variant lines and other cookies are ignored", () => {
    const spec = { cookies: ["currency", "lang"] };

    const k = key(spec, "/p", "Cookie", "session=secret; currency=EUR", "Cookie", "tracking=1");

    expect(k.variant).toBe("c:currency=EUR\nc:lang=\n");
    expect(k.variant).not.toContain("secret");
  });

  it("variant lines come in order: headers, cookies, segment", () => {
    const spec = { headers: ["x-device"], cookies: ["lang"], segment: "tier" };

    const k = key(spec, "/p", "Cookie", "lang=fr", "X-Device", "tv", "X-Tier", "gold");

    expect(k.variant).toBe("h:x-device=tv\nc:lang=fr\ns:tier=gold\n");
  });

  it("keyed header with a control character is refused", () => {
    const spec = { headers: ["x-device"] };

    const result = refused(spec, "/p", "X-Device", "mobile\u0000");

    expect(result.key).toBeUndefined();
    expect(result.problem).toBe("invalid-key-header");
  });

  it("keyed header with a line break is refused rather than folded into a space", () => {
    const spec = { headers: ["x-device"] };

    expect(refused(spec, "/p", "X-Device", "a\nb").problem).toBe("invalid-key-header");
    expect(refused(spec, "/p", "X-Device", "a\rb").problem).toBe("invalid-key-header");
    expect(refused(spec, "/p", "X-Device", "a\u000Bb").problem).toBe("invalid-key-header");
  });

  it("tabs in a keyed header are whitespace, not control characters", () => {
    const spec = { headers: ["x-device"] };

    expect(key(spec, "/p", "X-Device", "a\t\tb").variant).toBe("h:x-device=a b\n");
  });

  it("overlong keyed header is refused", () => {
    const spec = { headers: ["x-device"] };

    expect(refused(spec, "/p", "X-Device", "x".repeat(KeyDerivation.MAX_VALUE_LENGTH)).key).toBeDefined();
    expect(refused(spec, "/p", "X-Device", "x".repeat(KeyDerivation.MAX_VALUE_LENGTH + 1)).problem).toBe(
      "invalid-key-header",
    );
  });

  it("keyed cookie with a control character or overlong value is refused", () => {
    const spec = { cookies: ["lang"] };

    expect(refused(spec, "/p", "Cookie", "lang=en\u0001").problem).toBe("invalid-key-cookie");
    expect(refused(spec, "/p", "Cookie", "lang=" + "x".repeat(257)).problem).toBe("invalid-key-cookie");
    expect(refused(spec, "/p", "Cookie", "lang=en\u007f").key).toBeUndefined();
  });

  it("unkeyed cookies and headers may hold anything", () => {
    const spec = { cookies: ["lang"] };

    expect(refused(spec, "/p", "Cookie", "lang=en; other=" + "x".repeat(1000), "X-Junk", "\u0001").key).toBeDefined();
  });

  it("overlong URL is refused", () => {
    expect(refused(DEFAULT, "/" + "a".repeat(KeyDerivation.MAX_CANONICAL_LENGTH)).problem).toBe("key-too-long");
    expect(refused(DEFAULT, "/" + "a".repeat(KeyDerivation.MAX_CANONICAL_LENGTH - HOST.length - 1)).key).toBeDefined();
  });
});

describe("KeyDerivation: segments", () => {
  it("header segment in the allow-list is its own variant", () => {
    const k = key(segment("tier"), "/p", "X-Tier", " gold ");

    expect(k.segment).toBe("gold");
    expect(k.variant).toBe("s:tier=gold\n");
  });

  it("header segment outside the allow-list or missing is the default", () => {
    expect(key(segment("tier"), "/p", "X-Tier", "platinum").segment).toBe("anon");
    expect(key(segment("tier"), "/p", "X-Tier", "GOLD").segment).toBe("anon");
    expect(key(segment("tier"), "/p").segment).toBe("anon");
    expect(key(segment("tier"), "/p", "X-Tier", "anon\nx").variant).toBe("s:tier=anon\n");
  });

  it("cookie segment reads the named cookie", () => {
    expect(key(segment("region"), "/p", "Cookie", "a=1; region=eu").segment).toBe("eu");
    expect(key(segment("region"), "/p", "Cookie", "region=asia").segment).toBe("other");
    expect(key(segment("region"), "/p").segment).toBe("other");
  });

  it("query segment reads the decoded first parameter even when the query is not keyed", () => {
    const spec = { query: { mode: "none", names: [] }, segment: "view" };

    const k = key(spec, "/p?vi%65w=%66ull&view=compact");

    expect(k.segment).toBe("full");
    expect(k.canonical).toBe("shop.example.com/p");
    expect(key(spec, "/p?view=huge").segment).toBe("default");
    expect(key(spec, "/p").segment).toBe("default");
  });

  it("jwt segment reads a verified claim", () => {
    const k = keyWith(segment("plan"), HOST, "/p", TokenResult.valid({ plan: "pro", sub: "u1" }));

    expect(k.segment).toBe("pro");
    expect(k.variant).toBe("s:plan=pro\n");
  });

  it("jwt segment accepts numeric claims", () => {
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.valid({ plan: 42 })).segment).toBe("42");
  });

  it("jwt segment with unlisted, missing or non-string claim is the default", () => {
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.valid({ plan: "enterprise" })).segment).toBe("anonymous");
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.valid({ sub: "u1" })).segment).toBe("anonymous");
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.valid({ plan: ["pro"] })).segment).toBe("anonymous");
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.NONE).segment).toBe("anonymous");
  });

  it("expired or forged token gets the default segment", () => {
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.invalid("expired")).segment).toBe("anonymous");
    expect(keyWith(segment("plan"), HOST, "/p", TokenResult.invalid("bad-signature")).segment).toBe("anonymous");
    const invalidWithClaims = new TokenResult(TokenResult.State.INVALID, { plan: "pro" }, "expired");
    expect(keyWith(segment("plan"), HOST, "/p", invalidWithClaims).segment).toBe("anonymous");
  });

  it("jwt segment ignores headers, cookies and query claiming the same name", () => {
    const k = keyWith(segment("plan"), HOST, "/p?plan=pro", TokenResult.NONE, "Plan", "pro", "Cookie", "plan=pro");

    expect(k.segment).toBe("anonymous");
  });

  it("segments do not change the URL family", () => {
    const gold = key(segment("tier"), "/p", "X-Tier", "gold");
    const anonymous = key(segment("tier"), "/p");

    expect(gold.hash).toBe(anonymous.hash);
    expect(gold.variant).not.toBe(anonymous.variant);
  });
});

// Not in the Java test: where JavaScript's built-ins would part from the gateway, checked against the JDK.
describe("KeyDerivation: as Java, where JavaScript differs", () => {
  it("hashes an unpaired surrogate as Java's getBytes does, as '?'", () => {
    expect(KeyDerivation.sha256("a\ud800b")).toBe(KeyDerivation.sha256("a?b"));
    expect(KeyDerivation.sha256("\u{1F600}")).toBe(bytesToHex(sha256(new TextEncoder().encode("\u{1F600}"))));
  });

  it("drops a keyed header's trailing space before a final line terminator, as Java's $ matches there", () => {
    const spec = { headers: ["x-device"] };

    expect(key(spec, "/p", "X-Device", "a \u2028").variant).toBe("h:x-device=a\u2028\n");
    expect(key(spec, "/p", "X-Device", "a \u0085").variant).toBe("h:x-device=a\u0085\n");
  });

  it("writes numeric claims as Java's Long and Double do", () => {
    expect(TokenResult.valid({ n: 42 }).claim("n")).toBe("42");
    expect(TokenResult.valid({ n: 0.5 }).claim("n")).toBe("0.5");
    expect(TokenResult.valid({ n: 1.5e-5 }).claim("n")).toBe("1.5E-5");
    expect(TokenResult.valid({ n: 12345678.5 }).claim("n")).toBe("1.23456785E7");
    expect(TokenResult.valid({ n: 1e19 }).claim("n")).toBe("1.0E19");
    expect(TokenResult.valid({ n: true }).claim("n")).toBeUndefined();
  });
});
