import { CacheStatus } from "../http/CacheStatus.js";

/**
 * The gateway process's settings, as far as the compiled document carries them: the name of the
 * gateway's `Cache-Status` member. The twin of `dev.tiergate.policy.ServerSettings`, whose listener
 * addresses and ports concern the gateway process only and are not in the document. The worker names its
 * own member from its binding; this name is the gateway's, which the worker's vector runner expects.
 */
export class ServerSettings {
  /**
   * @param {string} cacheStatusName the gateway's member name in `Cache-Status` (RFC 9211), an RFC 8941
   *     token (`CacheStatus.isValidName`)
   * @throws {Error} when the name is not a token, as the Java record's constructor does
   */
  constructor(cacheStatusName) {
    if (!CacheStatus.isValidName(cacheStatusName)) {
      throw new Error(`cacheStatusName: "${cacheStatusName}" (expected: an RFC 8941 token)`);
    }
    /** @type {string} */
    this.cacheStatusName = cacheStatusName;
    Object.freeze(this);
  }
}

ServerSettings.DEFAULT_CACHE_STATUS_NAME = CacheStatus.CACHE_NAME;
/** The defaults: the member name `Tiergate`. */
ServerSettings.DEFAULTS = new ServerSettings(ServerSettings.DEFAULT_CACHE_STATUS_NAME);
