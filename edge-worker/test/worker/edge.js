/// <reference path="../setup/provided.d.ts" />
import { inject } from "vitest";
import { handle } from "../../src/edge/EdgeHandler.js";

/**
 * The worker's request path in workerd, with the real Cache API and real upstreams on loopback, and
 * a clock the test moves instead of waiting: `edge.advance(seconds)`. A `cache` of its own (`caches.open(name)`)
 * makes a second edge location. Each call of `edge.get` is one
 * request through `handle`, as `src/worker.js` makes it.
 */
export function edge({
  upstream = inject("originUrl"),
  policy = inject("edgePolicy"),
  bindings = {},
  cache = caches.default,
} = {}) {
  let offsetMillis = 0;
  const pending = [];
  const env = {
    TIERGATE_POLICY: policy,
    TIERGATE_JWKS: inject("jwks"),
    TIERGATE_UPSTREAM: upstream,
    ...bindings,
  };
  const io = {
    cache,
    fetch: (input, init) => fetch(input, init),
    waitUntil: (promise) => pending.push(promise),
    now: () => Date.now() + offsetMillis,
  };
  return {
    env,
    advance(seconds) {
      offsetMillis += seconds * 1000;
    },
    /** Sends a request; `path` is relative to https://shop.example, or to https://`host` when one is given. */
    async request(path, init = {}, host = "shop.example") {
      return handle(new Request(`https://${host}${path}`, init), env, io);
    },
    /** Waits for every background refresh that responses so far started. */
    async settle() {
      while (pending.length > 0) {
        await Promise.all(pending.splice(0));
      }
    },
    withUpstream(url) {
      return {
        ...this,
        env: { ...env, TIERGATE_UPSTREAM: url },
        request: (path, init = {}) =>
          handle(new Request(`https://shop.example${path}`, init), { ...env, TIERGATE_UPSTREAM: url }, io),
      };
    },
  };
}

/** How many requests origin-sim has received for a path and query. */
export async function originCount(pathAndQuery) {
  const stats = await (await fetch(`${inject("originUrl")}/__sim/stats`)).json();
  return stats.byUrl[pathAndQuery] ?? 0;
}

/** A path of its own for each test, so that counters and cache entries never meet another test's. */
export function uniquePath(prefix) {
  return `/sim/respond/${prefix}/${crypto.randomUUID()}`;
}
