import { describe, expect, it } from "vitest";
import { VariantSet } from "../../../src/core/cache/VariantSet.js";
import { CacheStatus } from "../../../src/core/http/CacheStatus.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";
import { CompiledPolicy } from "../../../src/core/policy/CompiledPolicy.js";
import { OriginSettings } from "../../../src/core/policy/OriginSettings.js";
import { TokenResult } from "../../../src/core/policy/TokenResult.js";
import { ClientOrigin } from "../../../src/core/plan/ClientOrigin.js";
import { FailurePlan } from "../../../src/core/plan/FailurePlan.js";
import { RequestPlan } from "../../../src/core/plan/RequestPlan.js";
import { Routing } from "../../../src/core/plan/Routing.js";
import { Decision } from "../../../src/core/cache/Decision.js";
import compiled from "../../../../policies/conformance/compiled/plan.json";

// The twin of the gateway's RequestPlanTest, on the compiled form of the same policy file.
const NOW = Date.parse("2026-01-01T00:00:00Z");
const TEN_SECONDS_AGO = NOW - 10_000;
const policy = CompiledPolicy.read(compiled);
const body = (text) => new TextEncoder().encode(text);

/** A client connected directly, from `192.0.2.1`. */
const client = (headers) => ClientOrigin.direct("192.0.2.1", "http", headers);

function plan(method, target, token, ...headers) {
  const routed = RequestPlan.route(policy, method, target, client(Headers.of("Host", "api.example", ...headers)));
  return RequestPlan.plan(policy, routed, method, target, token);
}

describe("RequestPlan", () => {
  it("refuses a malformed target before routing", () => {
    const routing = RequestPlan.route(policy, "GET", "no-slash", client(Headers.of("Host", "api.example")));

    expect(routing).toBeInstanceOf(Routing.Malformed);
    expect(routing.status).toBe(400);
    expect(routing.cacheStatus().format()).toBe("Tiergate; fwd=bypass; detail=bad-request");
  });

  it("asks for the token on a route that keys a JWT segment", () => {
    expect(RequestPlan.route(policy, "GET", "/api/dashboard/x", client(Headers.of("Host", "a"))).usesToken).toBe(true);
    expect(RequestPlan.route(policy, "GET", "/api/products/1", client(Headers.of("Host", "a"))).usesToken).toBe(false);
  });

  it("answers a missing token on a rejecting route with 401 and a challenge", () => {
    const reject = plan("GET", "/api/dashboard/x", TokenResult.NONE).step;

    expect(reject).toBeInstanceOf(RequestPlan.Reject);
    expect(reject.status).toBe(401);
    expect(reject.fields.first("WWW-Authenticate")).toBe("Bearer");
    expect(reject.cacheStatus.format()).toBe("Tiergate; fwd=bypass; detail=token-missing");
  });

  it("names an invalid token's reason on a rejecting route", () => {
    const reject = plan("GET", "/api/dashboard/x", TokenResult.invalid("expired")).step;

    expect(reject.fields.first("WWW-Authenticate")).toBe('Bearer error="invalid_token"');
    expect(reject.cacheStatus.detail).toBe("token-expired");
  });

  it("looks a valid token up under its segment", () => {
    const planned = plan("GET", "/api/dashboard/x", TokenResult.valid({ plan: "pro" }));

    expect(planned.step).toBeInstanceOf(RequestPlan.Lookup);
    expect(planned.segmentField()).toBe("plan=pro");
    expect(planned.key.variant).toBe("s:plan=pro\n");
  });

  it("ignores the token on routes that use none", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.invalid("forged"));

    expect(planned.token).toBe(TokenResult.NONE);
    expect(planned.step).toBeInstanceOf(RequestPlan.Lookup);
  });

  it("passes an unsafe method through as method", () => {
    const pass = plan("POST", "/api/products/1", TokenResult.NONE).step;

    expect(pass.reason).toBe("method");
    expect(pass.cacheStatus.format()).toBe("Tiergate; fwd=method; detail=method");
  });

  it("passes a bypassed route through", () => {
    expect(plan("GET", "/api/account/me", TokenResult.NONE).step.reason).toBe("route-bypass");
  });

  it("never shares the response to a GET with a body", () => {
    expect(plan("GET", "/api/products/1", TokenResult.NONE, "Content-Length", "5").step.reason).toBe("request-body");
  });

  it("passes untrusted key material through with the problem", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE, "X-Tenant", "a\u0001b");

    expect(planned.step.reason).toBe("invalid-key-header");
    expect(planned.keyProblem).toBe("invalid-key-header");
  });

  it("fills the path parameters into the tags", () => {
    expect([...plan("GET", "/api/products/42", TokenResult.NONE).tags].sort()).toEqual(["product:42", "products"]);
  });

  it("sends the keyed target and only the fields that may shape a shared response", () => {
    const planned = plan(
      "GET",
      "/api/products/1?utm_source=x&lang=de",
      TokenResult.NONE,
      "X-Tenant",
      "t1",
      "X-Debug",
      "1",
      "Accept",
      "application/json",
    );

    const sent = planned.originRequest(new Set(), undefined);

    expect(sent.target).toBe("/api/products/1?lang=de");
    expect(sent.conditional).toBe(false);
    const headers = sent.headers("10.0.0.1", "http", "origin.internal:8081");
    expect(headers.first("X-Tenant")).toBe("t1");
    expect(headers.first("Accept")).toBe("application/json");
    expect(headers.contains("X-Debug")).toBe(false);
    expect(headers.first("Host")).toBe("origin.internal:8081");
    expect(headers.first("X-Forwarded-For")).toBe("10.0.0.1");
  });

  it("sends the origin its own authority or when it preserves it the client's host", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE);
    const own = OriginSettings.at("http://origin.internal:8081");
    const preserving = new OriginSettings(
      own.url,
      own.connectTimeout,
      own.firstByteTimeout,
      own.idleTimeout,
      own.retries,
      own.breaker,
      true,
    );
    const sent = planned.originRequest(new Set(), undefined);

    expect(planned.fetchHeaders(sent, own).first("Host")).toBe("origin.internal:8081");
    expect(planned.fetchHeaders(sent, preserving).first("Host")).toBe("api.example");
    expect(planned.passThroughHeaders(preserving).first("Host")).toBe("api.example");
    expect(planned.fetchHeaders(sent, own).first("X-Forwarded-For")).toBe("192.0.2.1");
    expect(planned.fetchHeaders(sent, own).first("X-Forwarded-Host")).toBe("api.example");
  });

  it("neither reads nor forwards the upstream secret", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE, "Tiergate-Edge-Auth", "s3cret-s3cret-s3cret");
    const origin = OriginSettings.at("http://origin.internal:8081");

    expect(planned.cacheRequest.headers.contains("Tiergate-Edge-Auth")).toBe(false);
    expect(
      planned.fetchHeaders(planned.originRequest(new Set(["*"]), undefined), origin).contains("Tiergate-Edge-Auth"),
    ).toBe(false);
    expect(planned.passThroughHeaders(origin).contains("Tiergate-Edge-Auth")).toBe(false);
  });

  it("forwards the fields stored variants vary on", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE, "X-Debug", "1");

    expect(planned.originRequest(new Set(["x-debug"]), undefined).clientFields.first("X-Debug")).toBe("1");
  });

  it("replaces a client's segment field by the allow-listed one", () => {
    const planned = plan(
      "GET",
      "/api/dashboard/x",
      TokenResult.valid({ plan: "free" }),
      "Tiergate-Segment",
      "plan=pro",
    );

    const headers = planned.originRequest(new Set(), undefined).headers("10.0.0.1", "http", "o");

    expect(headers.all("Tiergate-Segment")).toEqual(["plan=free"]);
  });

  it("sends the stored validators when it revalidates", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE);
    const stored = planned.storePlan(
      planned.originRequest(new Set(), undefined),
      200,
      Headers.of("ETag", '"v1"', "Date", HttpDates.format(TEN_SECONDS_AGO)),
      body("x"),
      TEN_SECONDS_AGO,
      TEN_SECONDS_AGO,
    );

    const sent = planned.originRequest(new Set(), stored.entry);

    expect(sent.conditional).toBe(true);
    expect(sent.headers("10.0.0.1", "http", "o").first("If-None-Match")).toBe('"v1"');
  });

  it("serves a stored response as a hit until its route's ttl runs out", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE);
    const stored = planned.storePlan(
      planned.originRequest(new Set(), undefined),
      200,
      Headers.of("Date", HttpDates.format(TEN_SECONDS_AGO)),
      body("x"),
      TEN_SECONDS_AGO,
      TEN_SECONDS_AGO,
    );

    const reuse = planned.decide(VariantSet.of(stored.entry), undefined, NOW);

    expect(reuse.decision).toBeInstanceOf(Decision.Hit);
    expect(reuse.cacheStatus.format()).toBe("Tiergate; hit; ttl=50; detail=fresh");
  });

  it("names the tier of the stored response it serves or revalidates in the member", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE);
    const stored = planned.storePlan(
      planned.originRequest(new Set(), undefined),
      200,
      Headers.of("Date", HttpDates.format(TEN_SECONDS_AGO), "Cache-Control", "stale-if-error=300"),
      body("x"),
      TEN_SECONDS_AGO,
      TEN_SECONDS_AGO,
    );
    const variants = VariantSet.of(stored.entry);
    const twoMinutesLater = NOW + 120_000;

    const hit = planned.decide(variants, CacheStatus.TIER_L2, NOW);
    const revalidate = planned.decide(variants, CacheStatus.TIER_L1, twoMinutesLater);
    const failed = planned.onFailure(stored.entry, revalidate.cacheStatus, "origin-timeout", 504, 0, twoMinutesLater);

    expect(hit.cacheStatus.format()).toBe("Tiergate; hit; ttl=50; detail=fresh; tier=l2");
    expect(hit.decision.cacheStatus().tier).toBeUndefined();
    expect(revalidate.cacheStatus.format()).toBe("Tiergate; fwd=stale; detail=stale; tier=l1");
    expect(failed).toBeInstanceOf(FailurePlan.ServeStale);
    expect(failed.cacheStatus.format()).toBe("Tiergate; fwd=stale; ttl=-70; detail=stale-if-error; tier=l1");
  });

  it("names no tier in the member of a miss", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE);

    const miss = planned.decide(undefined, CacheStatus.TIER_L1, NOW);

    expect(miss.cacheStatus.format()).toBe("Tiergate; fwd=uri-miss");
  });

  it("passes an origin error on with its status when nothing is stored", () => {
    const planned = plan("GET", "/api/products/1", TokenResult.NONE);
    const miss = CacheStatus.forward("uri-miss", "not-stored");

    const fail = planned.onFailure(undefined, miss, "origin-timeout", 504, 0, NOW);

    expect(fail).toBeInstanceOf(FailurePlan.Fail);
    expect(fail.status).toBe(504);
    expect(fail.cacheStatus.format()).toBe("Tiergate; fwd=uri-miss; detail=origin-timeout");
  });

  it("invalidates the target and its Location on the same host after a successful unsafe method", () => {
    const planned = plan("PUT", "/api/products/1?lang=de", TokenResult.NONE);

    const keys = planned.invalidations(
      policy,
      201,
      Headers.of("Location", "/api/products/2", "Content-Location", "https://elsewhere.example/api/products/3"),
    );

    expect(keys.map((key) => key.canonical)).toEqual([
      "api.example/api/products/1?lang=de",
      "api.example/api/products/2",
    ]);
  });

  it("invalidates nothing after a failed unsafe method", () => {
    expect(plan("DELETE", "/api/products/1", TokenResult.NONE).invalidations(policy, 500, Headers.EMPTY)).toEqual([]);
  });
});
