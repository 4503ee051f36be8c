import { handle } from "./edge/EdgeHandler.js";

/**
 * Tiergate's edge tier: the compiled policy applied in front of the regional gateway, with the Cache
 * API as its store. This file only hands the runtime's parts to the request path.
 */
export default {
  async fetch(request, env, ctx) {
    return handle(request, env, {
      cache: caches.default,
      fetch: (input, init) => fetch(input, init),
      waitUntil: (promise) => ctx.waitUntil(promise),
      now: () => Date.now(),
    });
  },
};
