import { describe, expect, it } from "vitest";
import { Headers } from "../../../src/core/http/Headers.js";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { CompiledPolicy } from "../../../src/core/policy/CompiledPolicy.js";
import { KeyDerivation } from "../../../src/core/policy/KeyDerivation.js";
import { Policy } from "../../../src/core/policy/Policy.js";
import { RequestParts } from "../../../src/core/policy/RequestParts.js";
import { Route } from "../../../src/core/policy/Route.js";
import { SegmentDefinition } from "../../../src/core/policy/SegmentDefinition.js";
import { ServerSettings } from "../../../src/core/policy/ServerSettings.js";
import { TokenResult } from "../../../src/core/policy/TokenResult.js";
import { TrustedUpstreams } from "../../../src/core/policy/TrustedUpstreams.js";
import { compiledDocument, compiledRoute, policyOf } from "./compiled.js";
import keys from "../../../../policies/conformance/compiled/keys.json";
import regional from "../../../../policies/conformance/compiled/regional.json";
import respect from "../../../../policies/conformance/compiled/respect.json";
import routing from "../../../../policies/conformance/compiled/routing.json";
import segments from "../../../../policies/conformance/compiled/segments.json";
import ttl from "../../../../policies/conformance/compiled/ttl.json";
import windows from "../../../../policies/conformance/compiled/windows.json";
import example from "../../../../policies/compiled/example.json";
import shop from "../../../../policies/compiled/shop.json";
import routingVectors from "../../../../policies/conformance/routing.json";
import keysVectors from "../../../../policies/conformance/keys.json";
import segmentsVectors from "../../../../policies/conformance/segments.json";

// Written by bin/compile-policies with the gateway's compiler, one per policy file.
const COMPILED = { keys, regional, respect, routing, segments, ttl, windows, example, shop };

describe("CompiledPolicy.read: the compiled policies of the repository", () => {
  it.each(Object.entries(COMPILED))("reads %s", (name, document) => {
    const policy = CompiledPolicy.read(document);

    expect(policy).toBeInstanceOf(Policy);
    expect(policy.hash).toBe(document.hash);
    expect(policy.routes.map((route) => route.name)).toStrictEqual(document.routes.map((route) => route.name));
    expect(policy.defaultRoute.name).toBe("default");
    expect([...policy.origins.keys()]).toStrictEqual(Object.keys(document.origins));
    expect([...policy.segments.keys()]).toStrictEqual(Object.keys(document.segments));
    expect(policy.origin()).toBeDefined();
    for (const route of [...policy.routes, policy.defaultRoute]) {
      expect(route).toBeInstanceOf(Route);
      expect(route.cacheRule).toBeInstanceOf(CacheRule);
      expect(policy.originOf(route)).toBe(policy.origins.get(route.origin));
    }
  });

  it("routes by host, method and normalised path, first match first (routing.yaml)", () => {
    const policy = CompiledPolicy.read(routing);
    const route = (host, method, target) => policy.route(host, method, RequestParts.path(target)).name;

    expect(route("eu.shop.example", "GET", "/api/products/1")).toBe("eu-products");
    expect(route("www.shop.example", "GET", "/api/products/1")).toBe("products");
    expect(route("WWW.Shop.Example:8080", "HEAD", "/api/products/1?x=1")).toBe("products");
    expect(route("shop.example", "GET", "/api/products/1")).toBe("default");
    expect(route("www.shop.example", "POST", "/api/products/1")).toBe("product-writes");
    expect(route("www.shop.example", "OPTIONS", "/api/products/1")).toBe("default");
    expect(route("www.shop.example", "GET", "/api/things/special")).toBe("things");
    expect(route("www.shop.example", "GET", "/api/files/a/meta")).toBe("file-meta");
    expect(route("www.shop.example", "GET", "/api/%61ccount/me")).toBe("account");
    expect(route("www.shop.example", "GET", "/api/public/../account/me")).toBe("account");
    expect(policy.routeAnyHost("GET", "/api/products/1").name).toBe("eu-products");
    expect(policy.route("GET", "/api/products/1").name).toBe("eu-products");
    expect([...policy.route("www.shop.example", "GET", "/api/products/7").tagsFor("/api/products/7")]).toStrictEqual([
      "products",
      "product:7",
    ]);
    expect(policy.route("x", "GET", "/api/account/me").cacheRule.bypass).toBe(true);
    expect(policy.defaultRoute.cacheRule.ttlSeconds).toBe(10);
  });

  it("carries the gateway's Cache-Status member name, Tiergate unless the policy names another", () => {
    expect(CompiledPolicy.read(shop).server.cacheStatusName).toBe("Tiergate");
    expect(CompiledPolicy.read(shop).server).toStrictEqual(ServerSettings.DEFAULTS);
    expect(CompiledPolicy.read(regional).server.cacheStatusName).toBe("Regional");
    expect(policyOf({ server: { cacheStatusName: "cdn-eu" } }).server.cacheStatusName).toBe("cdn-eu");
  });

  it("carries origins, segments, JWT settings and the cache rules (shop.yaml)", () => {
    const policy = CompiledPolicy.read(shop);
    const catalogue = policy.route("www.shop.example", "GET", "/api/products/9");

    expect(catalogue.name).toBe("catalogue");
    expect(catalogue.host.pattern).toBe("*.shop.example");
    expect([...catalogue.methods]).toStrictEqual(["GET", "HEAD"]);
    expect(catalogue.key.segment).toBe("region");
    expect(catalogue.cacheRule.ttlSeconds).toBe(300);
    expect(catalogue.cacheRule.minTtlSeconds).toBeUndefined();
    expect(catalogue.cacheRule.staleWhileRevalidateSeconds).toBe(120);
    expect(catalogue.cacheRule.refresh.enabled()).toBe(false);
    expect(policy.route("shop.example", "GET", "/api/products/9").name).toBe("default");
    expect(policy.originOf(policy.route("x", "GET", "/static/app.js")).url).toBe("http://127.0.0.1:8081");
    expect(policy.route("x", "GET", "/static/app.js").origin).toBe("assets");
    expect(policy.origin()).toBe(policy.origins.get("api"));
    expect(policy.origins.get("api").connectTimeout).toBe(1);
    expect(policy.origins.get("api").retries.backoff).toBe(0.05);
    expect(policy.origins.get("api").port()).toBe(8081);

    const recommendations = policy.route("x", "GET", "/api/users/u1/recommendations");
    expect(recommendations.invalidToken).toBe(Route.InvalidToken.REJECT);
    expect([...recommendations.tiers]).toStrictEqual(["l1", "l2"]);
    expect(recommendations.rateLimit.by).toBe("jwt-subject");
    expect(recommendations.rateLimit.period).toBe(60);
    expect(policy.route("x", "POST", "/api/checkout/pay").rateLimit.header).toBe("X-Api-Key");

    const tier = policy.segments.get("tier");
    expect(tier).toStrictEqual(
      new SegmentDefinition("tier", "jwt", "loyalty_tier", ["bronze", "silver", "gold"], "guest"),
    );
    expect(policy.jwt.algorithms).toStrictEqual(["ES256", "RS256"]);
    expect(policy.jwt.issuer).toBe("https://auth.tiergate.example");
    expect(policy.jwt.clockSkew).toBe(30);
  });
});

// The conformance vectors' routing and key expectations, on the documents the gateway compiled from
// the same policy files. The vectors' decisions need the rest of the core; these fields need only this part.
describe("CompiledPolicy.read: conformance vectors for routes and keys", () => {
  const checked = ["route", "tags", "key", "keyHash", "variant", "segment", "forwardTarget", "keyProblem"];
  const cases = [...routingVectors, ...keysVectors, ...segmentsVectors].filter(
    (vector) =>
      vector.policy !== undefined &&
      // Malformed requests (400, 414) are refused before routing, by RequestTarget, not here.
      !(vector.expect.decision === "reject" && vector.expect.status !== 401) &&
      checked.some((field) => field in vector.expect),
  );

  it("has vectors to check", () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases.map((vector) => [vector.id, vector]))("%s", (id, vector) => {
    const policy = CompiledPolicy.read(COMPILED[vector.policy.replace(/^policies\/|\.yaml$/g, "")]);
    const { method = "GET", target, headers = {} } = vector.request;
    const fields = Headers.copyOf(
      Object.entries(headers).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((v) => [name, v]),
      ),
    );
    const host = fields.first("Host");
    const path = RequestParts.path(target);
    const route = policy.route(host, method, path);
    const actual = { route: route.name, tags: [...route.tagsFor(RequestParts.normalisePath(path))] };
    const derived = KeyDerivation.derive(
      route,
      policy.segments,
      host,
      target,
      fields,
      usesToken(policy, route) ? token(vector) : TokenResult.NONE,
    );
    if (derived.key !== undefined) {
      Object.assign(actual, {
        key: derived.key.canonical,
        keyHash: derived.key.hash,
        variant: derived.key.variant,
        segment: derived.key.segment,
        forwardTarget: derived.key.forwardTarget,
      });
    } else {
      actual.keyProblem = derived.problem;
    }
    for (const field of checked.filter((name) => name in vector.expect)) {
      expect(actual[field], field).toStrictEqual(vector.expect[field]);
    }
  });
});

/** The gateway's RequestPlan.usesToken: a keyed JWT segment or a limit per JWT subject. */
function usesToken(policy, route) {
  const segment = route.key.segment === undefined ? undefined : policy.segments.get(route.key.segment);
  return segment?.source === SegmentDefinition.Source.JWT || route.rateLimit?.by === "jwt-subject";
}

function token(vector) {
  const given = vector.token ?? { state: "none" };
  return given.state === "valid"
    ? TokenResult.valid(given.claims)
    : given.state === "invalid"
      ? TokenResult.invalid(given.reason)
      : TokenResult.NONE;
}

describe("CompiledPolicy.read: documents it refuses", () => {
  it("refuses a format it does not know", () => {
    expect(() => CompiledPolicy.read({ ...compiledDocument(), format: 2 })).toThrow(
      "format: unknown compiled policy format 2 (expected: 1",
    );
    expect(() => CompiledPolicy.read({ ...routing, format: 0 })).toThrow(/unknown compiled policy format 0/);
    expect(() => CompiledPolicy.read({ ...routing, format: "1" })).toThrow(/unknown compiled policy format "1"/);
  });

  it("checks the format before anything else, since another format may be shaped otherwise", () => {
    expect(() => CompiledPolicy.read({ format: 2, policy: "something else" })).toThrow(
      /unknown compiled policy format 2/,
    );
  });

  it("refuses a document without a format", () => {
    const { format, ...rest } = compiledDocument();
    expect(format).toBe(1);
    expect(() => CompiledPolicy.read(rest)).toThrow("format: missing");
  });

  it.each([
    [null, "document: expected a JSON object"],
    [[], "document: expected a JSON object"],
    ["{}", "document: expected a JSON object"],
    [undefined, "document: expected a JSON object"],
  ])("refuses %j, which is not a parsed document", (document, message) => {
    expect(() => CompiledPolicy.read(document)).toThrow(message);
  });

  it.each(["routes", "defaultRoute", "origins", "segments", "jwt", "hash", "server"])(
    "refuses a document without %s",
    (field) => {
      const document = compiledDocument();
      delete document[field];
      expect(() => CompiledPolicy.read(document)).toThrow(`${field}: missing`);
    },
  );

  it("names the JSON path of a value of the wrong type", () => {
    const routes = [
      compiledRoute({ name: "a" }),
      compiledRoute({ name: "b" }),
      compiledRoute({ name: "c", cache: { ttlSeconds: "60" } }),
    ];
    expect(() => policyOf({ routes })).toThrow('routes[2].cache.ttlSeconds: expected a number or null, got "60"');
  });

  it.each([
    [{ cache: { ttlSeconds: undefined } }, "routes[0].cache.ttlSeconds: missing (expected a number or null)"],
    [{ cache: { ttlSeconds: -1 } }, "routes[0].cache.ttlSeconds: expected a whole number >= 0, got -1"],
    [{ cache: { ttlSeconds: 1.5 } }, "routes[0].cache.ttlSeconds: expected a whole number >= 0, got 1.5"],
    [{ cache: { bypass: "yes" } }, 'routes[0].cache.bypass: expected true or false, got "yes"'],
    [{ cache: { maxObjectBytes: 0 } }, "routes[0].cache.maxObjectBytes: expected a whole number >= 1, got 0"],
    [{ cache: { minTtlSeconds: 60, maxTtlSeconds: 30 } }, "routes[0].cache: minTtl: 60 (expected: <= maxTtl 30)"],
    [{ cache: { earlyRefresh: {} } }, "routes[0].cache.earlyRefresh.betaThousandths: missing (expected a number)"],
    [
      { cache: { earlyRefresh: { betaThousandths: 100001 } } },
      "routes[0].cache: beta: 100.001 (expected: > 0 and <= 100.0)",
    ],
    [
      { cache: { refreshAhead: { whenSeconds: 0, minHits: 1 } } },
      "routes[0].cache.refreshAhead.whenSeconds: expected a whole number >= 1, got 0",
    ],
    [{ cache: { surprise: true } }, "routes[0].cache.surprise: unknown field (expected only: allowSetCookie,"],
    [{ match: { host: "api_example.com" } }, 'routes[0].match.host: "api_example.com" is not a host name'],
    [{ match: { path: "api/**" } }, 'routes[0].match.path: must start with "/"'],
    [
      { match: { methods: ["get"] } },
      'routes[0].match.methods[0]: expected one of: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, got "get"',
    ],
    [
      { origin: "elsewhere" },
      'routes[0].origin: "elsewhere" is not an origin of the document (expected one of: default)',
    ],
    [{ key: { segment: "tier" } }, 'routes[0].key.segment: "tier" is not a segment of the document'],
    [{ key: { query: { mode: "some" } } }, "routes[0].key.query.mode: expected one of: all, none, include, exclude"],
    [
      { key: { query: { mode: "include", names: ["a b"] } } },
      "routes[0].key.query.names[0]: expected a query parameter name",
    ],
    [{ key: { headers: "accept" } }, 'routes[0].key.headers: expected a list of strings, got "accept"'],
    [{ tags: [1] }, "routes[0].tags[0]: expected a string, got 1"],
    [{ tiers: ["l3"] }, "routes[0].tiers[0]: expected one of: edge, l1, l2"],
    [{ invalidToken: "deny" }, "routes[0].invalidToken: expected one of: anonymous, reject"],
    [{ bulkhead: { maxConcurrent: 0 } }, "routes[0].bulkhead.maxConcurrent: expected a whole number >= 1, got 0"],
    [
      { rateLimit: { limit: 5, periodMs: 1000, burst: 4, by: "client-ip", header: null, shared: false } },
      "routes[0].rateLimit.burst: expected a whole number >= 5, got 4",
    ],
    [
      { rateLimit: { limit: 5, periodMs: 1000, burst: 5, by: "header", header: null, shared: false } },
      "routes[0].rateLimit.header: expected the header",
    ],
  ])("refuses route %j", (overrides, message) => {
    expect(() => policyOf({ routes: [compiledRoute(overrides)] })).toThrow(message);
  });

  it("refuses a route field it does not know, rather than ignore what it might mean", () => {
    expect(() => policyOf({ routes: [{ ...compiledRoute(), auth: {} }] })).toThrow("routes[0].auth: unknown field");
  });

  it("refuses a route whose match is not an object", () => {
    expect(() => policyOf({ routes: [{ ...compiledRoute(), match: null }] })).toThrow(
      "routes[0].match: expected an object, got null",
    );
  });

  it("refuses a JWT segment without JWT settings", () => {
    const segmentsOnly = { plan: { from: "jwt", field: "plan", values: ["pro"], default: "anonymous" } };
    expect(() => policyOf({ segments: segmentsOnly, routes: [compiledRoute({ key: { segment: "plan" } })] })).toThrow(
      'routes[0].key.segment: segment "plan" comes from a JWT but the document has no "jwt" settings',
    );
  });

  it("refuses malformed origins, segments and JWT settings", () => {
    expect(() => policyOf({ origins: {} })).toThrow("origins: expected at least one origin");
    const origin = (changes) => ({ default: { ...compiledDocument().origins.default, ...changes } });
    expect(() => policyOf({ origins: origin({ url: "ftp://x" }) })).toThrow(
      'origins.default.url: expected an http:// or https:// URL with a host and no path, got "ftp://x"',
    );
    expect(() => policyOf({ origins: origin({ url: "http://x/api" }) })).toThrow("origins.default.url");
    expect(() =>
      policyOf({ origins: origin({ retries: { attempts: 11, backoffMs: 50, maxBackoffMs: 1000 } }) }),
    ).toThrow("origins.default.retries: retries 11, backoff PT0.05S, maxBackoff PT1S");
    expect(() => policyOf({ origins: origin({ breaker: { failures: 5, resetTimeoutMs: 3600001 } }) })).toThrow(
      "origins.default.breaker: breaker failures 5, resetTimeout PT1H0.001S",
    );
    expect(() => policyOf({ segments: { tier: { from: "ip", field: "x", values: [], default: "a" } } })).toThrow(
      "segments.tier.from: expected one of: jwt, header, cookie, query",
    );
    expect(() => policyOf({ segments: { "my tier": { from: "header", field: "x", values: [], default: 1 } } })).toThrow(
      'segments["my tier"].default: expected a string, got 1',
    );
    const jwt = { algorithms: ["RS256"], audience: null, clockSkewSeconds: 301, issuer: null, jwks: "k.json" };
    expect(() => policyOf({ jwt })).toThrow("jwt.clockSkewSeconds: expected a whole number from 0 to 300, got 301");
    expect(() => policyOf({ jwt: { ...jwt, clockSkewSeconds: 30, issuer: 5 } })).toThrow(
      "jwt.issuer: expected a string or null, got 5",
    );
  });

  it("refuses a Cache-Status member name the gateway's policy loader would refuse", () => {
    for (const name of ["Tier gate", "cdn;hit", "cdn, other", "a=b", "1cdn", "", "Zürich"]) {
      expect(() => policyOf({ server: { cacheStatusName: name } })).toThrow(
        `server.cacheStatusName: expected an RFC 8941 token (the gateway's Cache-Status member name), got ${JSON.stringify(name)}`,
      );
    }
    expect(() => policyOf({ server: { cacheStatusName: 7 } })).toThrow(
      "server.cacheStatusName: expected a string, got 7",
    );
    expect(() => policyOf({ server: { cacheStatusName: "Tiergate", port: 8080 } })).toThrow(
      "server.port: unknown field (expected only: cacheStatusName)",
    );
    expect(() => policyOf({ server: null })).toThrow("server: expected an object, got null");
  });

  it("reads the trusted upstreams: their ranges, and the secret's variable by name", () => {
    const policy = policyOf({ trustedUpstreams: { cidrs: ["10.0.0.0/8", "::1/128"], secretEnv: "EDGE_SECRET" } });

    expect(policy.trustedUpstreams.cidrs.map(String)).toStrictEqual(["10.0.0.0/8", "::1/128"]);
    expect(policy.trustedUpstreams.secretEnv).toBe("EDGE_SECRET");
    expect(policy.trustedUpstreams.inRange("10.1.2.3")).toBe(true);
    expect(policyOf().trustedUpstreams).toBe(TrustedUpstreams.NONE);
    expect(
      policyOf({ trustedUpstreams: { cidrs: [], secretEnv: "EDGE_SECRET" } }).trustedUpstreams.cidrs,
    ).toStrictEqual([]);
  });

  it("reads whether an origin is sent the client's host", () => {
    const origin = (changes) => ({ default: { ...compiledDocument().origins.default, ...changes } });

    expect(policyOf({ origins: origin({ preserveHost: true }) }).origin().preserveHost).toBe(true);
    expect(policyOf().origin().preserveHost).toBe(false);
    expect(
      policyOf({ origins: origin({ url: "http://[::1]:8081" }) })
        .origin()
        .authority(),
    ).toBe("[::1]:8081");
    expect(
      policyOf({ origins: origin({ url: "https://api.example.com:443" }) })
        .origin()
        .authority(),
    ).toBe("api.example.com");
    expect(() => policyOf({ origins: origin({ preserveHost: "yes" }) })).toThrow(
      'origins.default.preserveHost: expected true or false, got "yes"',
    );
  });

  it("refuses malformed trusted upstreams", () => {
    expect(() => CompiledPolicy.read({ ...compiledDocument(), trustedUpstreams: undefined })).toThrow(
      "trustedUpstreams: missing (expected an object or null)",
    );
    expect(() => policyOf({ trustedUpstreams: { cidrs: ["10.1.0.0/8"], secretEnv: null } })).toThrow(
      "trustedUpstreams.cidrs[0]: has bits set past its /8 prefix (expected: 10.0.0.0/8)",
    );
    expect(() => policyOf({ trustedUpstreams: { cidrs: [], secretEnv: "s3cret value" } })).toThrow(
      new Error("trustedUpstreams.secretEnv: expected an environment variable name"),
    );
    expect(() => policyOf({ trustedUpstreams: { cidrs: [], secretEnv: null } })).toThrow(
      "trustedUpstreams: expected cidrs, secretEnv or both, or null for none",
    );
    expect(() => policyOf({ trustedUpstreams: { cidrs: ["10.0.0.0/8"], secretEnv: null, secret: "x" } })).toThrow(
      "trustedUpstreams.secret: unknown field (expected only: cidrs, secretEnv)",
    );
  });

  it("refuses a hash that is not a SHA-256", () => {
    expect(() => CompiledPolicy.read({ ...compiledDocument(), hash: "md5:abc" })).toThrow('hash: expected "sha256:"');
  });

  it("refuses a malformed default route with its path", () => {
    expect(() => policyOf({ defaultRoute: compiledRoute({ name: "default", cache: { keepSeconds: null } }) })).toThrow(
      "defaultRoute.cache.keepSeconds: expected a number, got null",
    );
  });
});
