import { Decision } from "../core/cache/Decision.js";
import { OriginAnswer } from "../core/cache/OriginAnswer.js";
import { VariantSet } from "../core/cache/VariantSet.js";
import { CacheStatus } from "../core/http/CacheStatus.js";
import { ForwardingHeaders } from "../core/http/ForwardingHeaders.js";
import { Headers as CoreHeaders } from "../core/http/Headers.js";
import { TokenResult } from "../core/policy/TokenResult.js";
import { ClientOrigin } from "../core/plan/ClientOrigin.js";
import { FailurePlan } from "../core/plan/FailurePlan.js";
import { RequestPlan } from "../core/plan/RequestPlan.js";
import { Routing } from "../core/plan/Routing.js";
import { ClientResponse } from "./ClientResponse.js";
import { edgeConfig } from "./EdgeConfig.js";
import { EdgeStore } from "./EdgeStore.js";
import { TokenVerifier } from "./TokenVerifier.js";
import { FAULT, Upstream } from "./Upstream.js";

/** The detail of a response passed through because the policy binding cannot be used. */
export const POLICY_UNSUPPORTED = "policy-unsupported";

/**
 * Fetches in flight per collapse key (family and variant) in this isolate: concurrent misses and
 * stale-while-revalidate refreshes of one key make one upstream request.
 */
const inFlight = new Map();
const verifiers = new WeakMap();

/**
 * The worker's request path: the same `RequestPlan` steps the gateway takes, with the Cache API as
 * the tier and `fetch` to the upstream. Only I/O here; every decision comes from the pure core.
 *
 * @param io `{ cache, fetch, waitUntil(promise), now() }`: the runtime's parts, passed in by `worker.js`
 */
export async function handle(request, env, io) {
  const config = edgeConfig(env);
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const target = url.pathname + url.search;
  const scheme = url.protocol.replace(":", "");
  // The edge is where requests enter: nothing in front of it is trusted, so the client is the connection's.
  const origin = ClientOrigin.direct(
    request.headers.get("CF-Connecting-IP") ?? "",
    scheme,
    requestHeaders(request, url),
  );
  const headers = origin.fields;
  const client = new ClientResponse(method, headers, config.cacheStatusName);
  const upstream = new Upstream(io.fetch, config);
  if (config.policy === undefined) {
    return passThroughUnsupported(request, url, headers, client, upstream, config);
  }
  const policy = config.policy;
  const routing = RequestPlan.route(policy, method, target, origin);
  if (routing instanceof Routing.Malformed) {
    return client.error(routing.status, routing.cacheStatus(), routing.message);
  }
  const token = routing.usesToken ? await verifier(config).verify(headers, io.now()) : TokenResult.NONE;
  const plan = RequestPlan.plan(policy, routing, method, target, token, RequestPlan.EDGE_TIERS);
  const exchange = { request, url, headers, plan, policy, client, upstream, io, store: new EdgeStore(io.cache) };
  if (plan.step instanceof RequestPlan.Reject) {
    return client.error(plan.step.status, plan.step.cacheStatus, plan.step.message, plan.step.fields);
  }
  if (plan.step instanceof RequestPlan.PassThrough) {
    return passThrough(exchange, plan.step.cacheStatus);
  }
  const variants = await exchange.store.read(plan.key);
  // The edge is a cache of one tier: its member names no tier.
  const reuse = plan.decide(variants, undefined, io.now());
  const decision = reuse.decision;
  if (decision instanceof Decision.Hit) {
    return client.fromEntry(decision.entry, reuse.cacheStatus, io.now());
  }
  if (decision instanceof Decision.StaleWhileRevalidate) {
    refreshInBackground(exchange, reuse, variants, decision.entry);
    return client.fromEntry(decision.entry, reuse.cacheStatus, io.now());
  }
  if (decision instanceof Decision.Revalidate) {
    return fetchShared(exchange, reuse, variants, decision.entry, reuse.cacheStatus);
  }
  if (decision instanceof Decision.Miss) {
    return fetchShared(exchange, reuse, variants, undefined, reuse.cacheStatus);
  }
  if (decision instanceof Decision.Bypass) {
    return passThrough(exchange, reuse.cacheStatus);
  }
  return client.error(504, reuse.cacheStatus, "not in cache (only-if-cached)");
}

function verifier(config) {
  let found = verifiers.get(config);
  if (found === undefined) {
    found = new TokenVerifier(config.policy.jwt, config.jwks);
    verifiers.set(config, found);
  }
  return found;
}

/** The client's fields as the core reads them, with `Host` from the URL when the runtime left it out. */
function requestHeaders(request, url) {
  const headers = CoreHeaders.copyOf(request.headers);
  return headers.contains("Host") ? headers : headers.toBuilder().add("Host", url.host).build();
}

/**
 * The worker is where requests enter: its forwarding fields replace whatever the client sent (a client's
 * `Forwarded` is dropped), so the gateway, which trusts the worker's, never trusts a client's.
 *
 * @param {{ request: Request, url: URL, headers: CoreHeaders }} exchange the client's request, its URL and fields
 */
function edgeForwarding(fields, { request, url, headers }) {
  const clientAddress = request.headers.get("CF-Connecting-IP");
  const builder = fields.toBuilder();
  builder.set("X-Forwarded-Host", headers.first("Host"));
  builder.set("X-Forwarded-Proto", url.protocol.replace(":", ""));
  builder.remove("Forwarded");
  if (clientAddress === null) {
    builder.remove("X-Forwarded-For");
  } else {
    builder.set("X-Forwarded-For", clientAddress);
  }
  return builder.build();
}

function timeoutMs(exchange) {
  const origin = exchange.policy.originOf(exchange.plan.route);
  return (origin.connectTimeout + origin.firstByteTimeout) * 1000;
}

/** Forwards as is; a non-error answer to an unsafe method invalidates (RFC 9111 §4.4). */
async function passThrough(exchange, status) {
  const { request, plan, upstream, client } = exchange;
  const fields = edgeForwarding(plan.passThroughHeaders(exchange.policy.originOf(plan.route)), exchange);
  const url = upstream.baseUrl(exchange.policy, plan.route) + plan.target;
  const sent = await upstream.send(url, request.method, fields, request.body, timeoutMs(exchange));
  if (sent.fault === undefined) {
    const invalidated = plan.invalidations(exchange.policy, sent.response.status, sent.headers);
    await Promise.all(invalidated.map((key) => exchange.store.remove(key)));
  }
  return answerForwarded(client, sent, status);
}

/** What the client gets for a request forwarded as is: the upstream's response under `status`, or the fault. */
function answerForwarded(client, sent, status) {
  if (sent.fault !== undefined) {
    const fault = FAULT[sent.fault];
    return client.error(fault.status, status.withDetail(fault.detail), `origin failed: ${fault.detail}`);
  }
  return client.fromUpstream(
    sent.response.status,
    sent.headers,
    status.withForwardStatus(sent.response.status),
    sent.response.headers.get("Cache-Status") ?? undefined,
    sent.response.body,
  );
}

/** The policy binding cannot be used: every request goes upstream untouched, and nothing is cached. */
async function passThroughUnsupported(request, url, headers, client, upstream, config) {
  const status = CacheStatus.forward("bypass", POLICY_UNSUPPORTED);
  if (config.upstream === undefined) {
    return client.error(502, status, "no usable policy and no upstream");
  }
  const fields = edgeForwarding(
    ForwardingHeaders.toOrigin(headers, "", url.protocol.replace(":", ""), url.host, false),
    {
      request,
      url,
      headers,
    },
  );
  const sent = await upstream.send(
    config.upstream + url.pathname + url.search,
    request.method,
    fields,
    request.body,
    30_000,
  );
  return answerForwarded(client, sent, status);
}

function collapseKey(plan) {
  return `${plan.keyHash()}\n${plan.cacheRequest.variant}`;
}

/** Stale-while-revalidate: one background refresh per key in this isolate, nobody waiting for it. */
function refreshInBackground(exchange, reuse, variants, stale) {
  const key = collapseKey(exchange.plan);
  if (inFlight.has(key)) {
    return;
  }
  const refresh = fetchForCache(exchange, reuse, variants, stale, CacheStatus.forward("stale", "stale"))
    .then((outcome) => outcome.response?.body?.cancel())
    .catch((error) => console.error(`tiergate-edge: background refresh failed: ${error.message}`))
    .finally(() => inFlight.delete(key));
  inFlight.set(
    key,
    refresh.then(() => ({ kind: "refreshed" })),
  );
  exchange.io.waitUntil(refresh);
}

/** Leads the fetch for the key, or waits for the one in flight and serves what it stored. */
async function fetchShared(exchange, reuse, variants, stored, status) {
  const key = collapseKey(exchange.plan);
  const running = inFlight.get(key);
  if (running !== undefined) {
    const outcome = await running;
    if (outcome.kind === "stored") {
      const match = VariantSet.of(outcome.entry).match(exchange.plan.cacheRequest);
      if (match !== undefined) {
        const now = exchange.io.now();
        const shared = status.withForwardStatus(outcome.forwardStatus).withCollapsed().withTtl(match.ttlSeconds(now));
        return exchange.client.fromEntry(match, shared, now);
      }
    }
    // Not shareable, failed, or stored for other Vary values: this request asks upstream itself.
    return (await fetchForCache(exchange, reuse, variants, stored, status)).response;
  }
  let settle;
  inFlight.set(key, new Promise((resolve) => (settle = resolve)));
  try {
    const outcome = await fetchForCache(exchange, reuse, variants, stored, status);
    settle(outcome.shared ?? { kind: "not-shared" });
    return outcome.response;
  } catch (error) {
    settle({ kind: "failed" });
    throw error;
  } finally {
    inFlight.delete(key);
  }
}

/**
 * A complete GET for the cache (conditional when the entry has validators), its answer decided by the
 * plan, stored when it may be.
 *
 * @returns {Promise<{ response: Response, shared?: object }>}
 */
async function fetchForCache(exchange, reuse, variants, stored, status) {
  const { plan, upstream, client, io } = exchange;
  const requestTime = io.now();
  const sent = plan.originRequest(reuse.storedVary, stored);
  const fields = edgeForwarding(plan.fetchHeaders(sent, exchange.policy.originOf(plan.route)), exchange);
  const url = upstream.baseUrl(exchange.policy, plan.route) + sent.target;
  const answered = await upstream.send(url, "GET", fields, null, timeoutMs(exchange));
  if (answered.fault !== undefined) {
    const fault = FAULT[answered.fault];
    return { response: served(exchange, plan.onFailure(stored, status, fault.detail, fault.status, 0, io.now())) };
  }
  const { response, headers: rawHeaders } = answered;
  const responseTime = io.now();
  const code = response.status;
  const upstreamStatus = response.headers.get("Cache-Status") ?? undefined;
  // The upstream's Cache-Status describes its own exchange: passed on now, never stored.
  const headers = rawHeaders.without("Cache-Status");
  const answer = plan.answer(
    sent,
    stored,
    code,
    headers,
    OriginAnswer.declaredLength(headers),
    requestTime,
    responseTime,
    status,
  );
  if (answer instanceof OriginAnswer.Freshened) {
    await response.body?.cancel();
    const entry = answer.entry;
    await storeEntry(exchange, variants, entry, responseTime);
    return {
      response: client.fromEntry(entry, answer.cacheStatus, responseTime, answer.clientFields),
      shared: { kind: "stored", entry, forwardStatus: 304 },
    };
  }
  if (answer instanceof OriginAnswer.RefetchUnconditionally) {
    await response.body?.cancel();
    return fetchForCache(exchange, reuse, variants, undefined, answer.cacheStatus);
  }
  if (answer instanceof OriginAnswer.ServeStaleOnError) {
    await response.body?.cancel();
    return { response: client.fromEntry(answer.entry, answer.cacheStatus, responseTime) };
  }
  if (answer instanceof OriginAnswer.Forward) {
    return { response: client.fromUpstream(code, headers, answer.cacheStatus, upstreamStatus, response.body) };
  }
  // Collect: read the body up to the route's limit; past it, pass the rest on without storing.
  const collected = await collect(response.body, answer.maxBytes);
  if (collected.rest !== undefined) {
    return { response: client.fromUpstream(code, headers, answer.cacheStatus, upstreamStatus, collected.rest) };
  }
  const storePlan = plan.storePlan(sent, code, headers, collected.bytes, requestTime, responseTime);
  if (storePlan.storable()) {
    await storeEntry(exchange, variants, storePlan.entry, responseTime);
  }
  return {
    response: client.fromUpstream(code, headers, answer.cacheStatus, upstreamStatus, collected.bytes),
    shared: storePlan.storable() ? { kind: "stored", entry: storePlan.entry, forwardStatus: code } : undefined,
  };
}

function served(exchange, failure) {
  const now = exchange.io.now();
  if (failure instanceof FailurePlan.ServeStale) {
    return exchange.client.fromEntry(failure.entry, failure.cacheStatus, now);
  }
  return exchange.client.error(failure.status, failure.cacheStatus, `origin failed: ${failure.cacheStatus.detail}`);
}

/** Adds the entry to its family's variants and stores the family for as long as any variant is of use. */
async function storeEntry(exchange, variants, entry, now) {
  const rule = exchange.plan.rule();
  const updated = variants === undefined ? VariantSet.of(entry) : variants.with(entry);
  const tags = updated.variants.flatMap((variant) => [...variant.tags]);
  await exchange.store.write(exchange.plan.key, updated, updated.retentionSeconds(now, rule), tags);
}

/**
 * Reads a body up to `maxBytes`. Returns `{ bytes }` when it fits, or `{ rest }`: a stream of what was
 * read followed by the remainder, when it does not.
 */
async function collect(body, maxBytes) {
  if (body === null) {
    return { bytes: new Uint8Array(0) };
  }
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    size += value.length;
    if (size > maxBytes) {
      return { rest: replay(chunks, reader) };
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes };
}

function replay(chunks, reader) {
  return new ReadableStream({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(chunk));
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
      } else {
        controller.enqueue(value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
