/**
 * Where requests are forwarded, how long the gateway waits, and how it treats an origin that fails.
 * The twin of `dev.tiergate.policy.OriginSettings`, with what the compiled document carries: the URL
 * is the string the policy gives (the worker has no `java.net.URI`), durations are in seconds.
 */
export class OriginSettings {
  /**
   * @param {string} url the origin's base URL (`http` or `https`, no path)
   * @param {number} connectTimeout to establish a connection, in seconds
   * @param {number} firstByteTimeout from sending the request to the response's header section, in seconds
   * @param {number} idleTimeout between two reads of the response body, in seconds
   * @param {Retries} [retries] how connection failures of idempotent requests are retried
   * @param {Breaker} [breaker] when the origin's circuit breaker opens and for how long
   * @param {boolean} [preserveHost] true when the origin is sent the client's `Host` (for a virtual-hosted
   *     origin, or a Tiergate behind this one) instead of its own authority
   */
  constructor(
    url,
    connectTimeout,
    firstByteTimeout,
    idleTimeout,
    retries = Retries.DEFAULT,
    breaker = Breaker.DEFAULT,
    preserveHost = false,
  ) {
    /** @type {string} */
    this.url = url;
    /** @type {number} seconds */
    this.connectTimeout = connectTimeout;
    /** @type {number} seconds */
    this.firstByteTimeout = firstByteTimeout;
    /** @type {number} seconds */
    this.idleTimeout = idleTimeout;
    /** @type {Retries} */
    this.retries = retries;
    /** @type {Breaker} */
    this.breaker = breaker;
    /** @type {boolean} */
    this.preserveHost = preserveHost;
    Object.freeze(this);
  }

  /**
   * An origin at `url` with the default timeouts, retries and breaker.
   * @param {string} url
   * @returns {OriginSettings}
   */
  static at(url) {
    return new OriginSettings(
      url,
      OriginSettings.DEFAULT_CONNECT_TIMEOUT,
      OriginSettings.DEFAULT_FIRST_BYTE_TIMEOUT,
      OriginSettings.DEFAULT_IDLE_TIMEOUT,
    );
  }

  /** @returns {boolean} true for an `https` URL */
  isTls() {
    return parseUrl(this.url).scheme.toLowerCase() === "https";
  }

  /** @returns {number} the URL's port, else 443 for https and 80 for http */
  port() {
    const port = parseUrl(this.url).port;
    return port > 0 ? port : this.isTls() ? 443 : 80;
  }

  /** @returns {string | undefined} the URL's host; an IPv6 literal keeps its brackets, as `URI.getHost()` */
  host() {
    return parseUrl(this.url).host;
  }

  /** @returns {string} the URL's `host[:port]`, the port left out when it is the scheme's default: the `Host` it is sent */
  authority() {
    const port = this.port();
    const defaultPort = this.isTls() ? port === 443 : port === 80;
    return defaultPort ? this.host() : `${this.host()}:${port}`;
  }
}

/**
 * How failed connections are retried: at most `attempts` retries after the first try, each after a
 * random pause of up to `min(maxBackoff, backoff × 2^retry)`. The twin of `OriginSettings.Retries`.
 */
class Retries {
  /**
   * @param {number} attempts retries after the first try; 0 turns retries off
   * @param {number} backoff the pause ceiling before the first retry, in seconds
   * @param {number} maxBackoff the largest pause ceiling, however many retries came before, in seconds
   * @throws {Error} when a value is out of range, with the Java message
   */
  constructor(attempts, backoff, maxBackoff) {
    if (
      attempts < 0 ||
      attempts > Retries.MAX_ATTEMPTS ||
      backoff < 0 ||
      maxBackoff < backoff ||
      maxBackoff > Retries.MAX_BACKOFF
    ) {
      throw new Error(`retries ${attempts}, backoff ${javaDuration(backoff)}, maxBackoff ${javaDuration(maxBackoff)}`);
    }
    /** @type {number} */
    this.attempts = attempts;
    /** @type {number} seconds */
    this.backoff = backoff;
    /** @type {number} seconds */
    this.maxBackoff = maxBackoff;
    Object.freeze(this);
  }
}

/** More retries than this multiply the load on an origin that is already failing. */
Retries.MAX_ATTEMPTS = 10;
/** A proxy that sleeps longer than this (a minute, in seconds) between tries has lost its client anyway. */
Retries.MAX_BACKOFF = 60;
/** One retry, after up to 50 ms. */
Retries.DEFAULT = new Retries(1, 0.05, 1);

/** When the origin's circuit breaker opens and how long it stays open. The twin of `OriginSettings.Breaker`. */
class Breaker {
  /**
   * @param {number} failures connection failures or timeouts in a row that open it
   * @param {number} resetTimeout how long it fails requests fast before letting one trial request
   *     through, in seconds
   * @throws {Error} when a value is out of range, with the Java message
   */
  constructor(failures, resetTimeout) {
    if (failures < 1 || resetTimeout <= 0 || resetTimeout > Breaker.MAX_RESET_TIMEOUT) {
      throw new Error(`breaker failures ${failures}, resetTimeout ${javaDuration(resetTimeout)}`);
    }
    /** @type {number} */
    this.failures = failures;
    /** @type {number} seconds */
    this.resetTimeout = resetTimeout;
    Object.freeze(this);
  }
}

/** Longer than this (an hour, in seconds) and a recovered origin stays shunned for no reason. */
Breaker.MAX_RESET_TIMEOUT = 3600;
/** Five failures in a row; ten seconds open. */
Breaker.DEFAULT = new Breaker(5, 10);

OriginSettings.Retries = Retries;
OriginSettings.Breaker = Breaker;
/** Two seconds. */
OriginSettings.DEFAULT_CONNECT_TIMEOUT = 2;
/** Fifteen seconds. */
OriginSettings.DEFAULT_FIRST_BYTE_TIMEOUT = 15;
/** Thirty seconds. */
OriginSettings.DEFAULT_IDLE_TIMEOUT = 30;

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::([0-9]*))?(?:[/?#]|$)/;

/** Scheme, host and port (-1 when absent) of an absolute URL, as `java.net.URI` reports them. */
function parseUrl(url) {
  const parts = URL_PARTS.exec(url);
  if (parts === null) {
    return { scheme: "", host: undefined, port: -1 };
  }
  return {
    scheme: parts[1],
    host: parts[2].length === 0 ? undefined : parts[2],
    port: parts[3] === undefined || parts[3].length === 0 ? -1 : Number(parts[3]),
  };
}

/** Seconds as `java.time.Duration.toString()` writes them ("PT0.05S", "PT1M1S"), so messages match. */
function javaDuration(seconds) {
  const millis = Math.round(seconds * 1000);
  const wholeSeconds = Math.floor(millis / 1000);
  const nanos = (millis - wholeSeconds * 1000) * 1_000_000;
  const effective = wholeSeconds < 0 && nanos > 0 ? wholeSeconds + 1 : wholeSeconds;
  const hours = Math.trunc(effective / 3600);
  const minutes = Math.trunc((effective % 3600) / 60);
  const secs = effective % 60;
  let text = "PT";
  if (hours !== 0) {
    text += `${hours}H`;
  }
  if (minutes !== 0) {
    text += `${minutes}M`;
  }
  if (secs === 0 && nanos === 0 && text.length > 2) {
    return text;
  }
  text += wholeSeconds < 0 && nanos > 0 && secs === 0 ? "-0" : `${secs === 0 ? 0 : secs}`;
  if (nanos > 0) {
    const fraction = String(wholeSeconds < 0 ? 2_000_000_000 - nanos : nanos + 1_000_000_000).replace(/0+$/, "");
    text += "." + fraction.substring(1);
  }
  return text + "S";
}
