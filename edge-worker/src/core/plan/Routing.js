import { CacheStatus } from "../http/CacheStatus.js";

/**
 * The first step of a request's plan, taken before any bearer token is read: the request is refused
 * as malformed, or it has a route. The twin of `dev.tiergate.plan.Routing`.
 */
export class Routing {}

/**
 * The target or the client's `Host` (the forwarded one, from a trusted upstream) cannot be trusted: 414 when the
 * target is too long, else 400.
 */
class Malformed extends Routing {
  /**
   * @param {number} status the status the client gets
   * @param {string} message why, for the response body
   */
  constructor(status, message) {
    super();
    this.status = status;
    this.message = message;
    Object.freeze(this);
  }

  cacheStatus() {
    return CacheStatus.forward("bypass", Malformed.REASON);
  }
}

/** The reason code of a malformed request, in vectors and `Cache-Status`. */
Malformed.REASON = "bad-request";

/** The request's route. */
class Routed extends Routing {
  /**
   * @param route the first route that matches host, method and path, or the default route
   * @param {import("./ClientOrigin.js").ClientOrigin} client who made the request: its host, address and scheme,
   *     and the fields the plan reads
   * @param {string} path the target's path, as sent
   * @param {boolean} usesToken true when the route keys a JWT segment or limits per JWT subject: the
   *     caller verifies the bearer token before the next step, and only then
   */
  constructor(route, client, path, usesToken) {
    super();
    this.route = route;
    this.client = client;
    this.path = path;
    this.usesToken = usesToken;
    Object.freeze(this);
  }

  /** @returns {string} the client's `Host`, which the route matched and the key is derived from */
  host() {
    return this.client.host;
  }
}

Routing.Malformed = Malformed;
Routing.Routed = Routed;
