import { TrustedUpstreams } from "./TrustedUpstreams.js";

/**
 * A loaded, validated policy: immutable, swapped as a whole on reload. The twin of
 * `dev.tiergate.policy.Policy` with what the compiled document carries: the gateway-only parts
 * (source file, listeners, L1 size, L2, the edge purge API) are not in it; of the `server` settings it has the
 * member name (`server`) and the trusted upstreams (Java's `server().trustedUpstreams()`, here a property of
 * their own). Build one with `CompiledPolicy.read`.
 */
export class Policy {
  /**
   * @param {Iterable<[string, import("./OriginSettings.js").OriginSettings]>} origins the origins by
   *     name, in order; {@link Policy.DEFAULT_ORIGIN} is used by routes that name none
   * @param {import("./ServerSettings.js").ServerSettings} server the gateway's settings the document carries (its `Cache-Status` member name)
   * @param {Iterable<[string, import("./SegmentDefinition.js").SegmentDefinition]>} segments segment
   *     definitions by name
   * @param {import("./JwtSettings.js").JwtSettings | undefined} jwt token verification settings, when
   *     any segment or limit uses JWTs
   * @param {ReadonlyArray<import("./Route.js").Route>} routes the routes in order; the first match wins
   * @param {import("./Route.js").Route} defaultRoute the route for requests no route matches
   * @param {string} [hash] the compiled document's `hash` (`sha256:...`), which identifies its content
   * @param {TrustedUpstreams} [trustedUpstreams] the upstreams whose forwarding fields are believed
   */
  constructor(
    origins,
    server,
    segments,
    jwt,
    routes,
    defaultRoute,
    hash = "",
    trustedUpstreams = TrustedUpstreams.NONE,
  ) {
    /** @type {ReadonlyMap<string, import("./OriginSettings.js").OriginSettings>} */
    this.origins = new Map(origins);
    /** @type {import("./ServerSettings.js").ServerSettings} */
    this.server = server;
    /** @type {ReadonlyMap<string, import("./SegmentDefinition.js").SegmentDefinition>} */
    this.segments = new Map(segments);
    /** @type {import("./JwtSettings.js").JwtSettings | undefined} */
    this.jwt = jwt;
    /** @type {ReadonlyArray<import("./Route.js").Route>} */
    this.routes = Object.freeze([...routes]);
    /** @type {import("./Route.js").Route} */
    this.defaultRoute = defaultRoute;
    /** @type {string} */
    this.hash = hash;
    /** @type {TrustedUpstreams} */
    this.trustedUpstreams = trustedUpstreams;
    Object.freeze(this);
  }

  /**
   * The first route that matches host, method and path, or the default route.
   *
   * Called with two arguments, `(method, path)`, it is {@link Policy#routeAnyHost}, as the Java
   * overload is.
   *
   * @param {string} host the Host field value
   * @param {string} method
   * @param {string} [path] the request's path (without the query)
   * @returns {import("./Route.js").Route}
   */
  route(host, method, path) {
    if (arguments.length === 2) {
      return this.routeAnyHost(host, method);
    }
    for (const route of this.routes) {
      if (route.matches(host, method, path)) {
        return route;
      }
    }
    return this.defaultRoute;
  }

  /**
   * The first route that matches method and path, whatever its host, or the default route: the Java
   * `route(method, path)`.
   * @param {string} method
   * @param {string} path
   * @returns {import("./Route.js").Route}
   */
  routeAnyHost(method, path) {
    for (const route of this.routes) {
      if (route.matchesAnyHost(method, path)) {
        return route;
      }
    }
    return this.defaultRoute;
  }

  /**
   * The default origin (the first one when no origin is called "default").
   * @returns {import("./OriginSettings.js").OriginSettings}
   */
  origin() {
    return this.origins.get(Policy.DEFAULT_ORIGIN) ?? this.origins.values().next().value;
  }

  /**
   * The origin a route forwards to.
   * @param {import("./Route.js").Route} route
   * @returns {import("./OriginSettings.js").OriginSettings}
   */
  originOf(route) {
    return this.origins.get(route.origin) ?? this.origin();
  }
}

/** The name of the origin a route uses when it names none. */
Policy.DEFAULT_ORIGIN = "default";
