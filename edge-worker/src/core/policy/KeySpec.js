import { QueryRule } from "./QueryRule.js";

/**
 * What a route's cache key is made of, beyond host and normalised path. The twin of
 * `dev.tiergate.policy.KeySpec`.
 */
export class KeySpec {
  /**
   * @param {QueryRule} query which query parameters are keyed
   * @param {ReadonlyArray<string>} headers request fields whose values make separate entries (lower case)
   * @param {ReadonlyArray<string>} cookies cookie names whose values make separate entries
   * @param {string | undefined} segment the segment definition that makes separate entries, if any
   */
  constructor(query, headers, cookies, segment) {
    /** @type {QueryRule} */
    this.query = query;
    /** @type {ReadonlyArray<string>} */
    this.headers = Object.freeze([...headers]);
    /** @type {ReadonlyArray<string>} */
    this.cookies = Object.freeze([...cookies]);
    /** @type {string | undefined} */
    this.segment = segment;
    Object.freeze(this);
  }
}

/** Host, path and every query parameter. */
KeySpec.DEFAULT = new KeySpec(QueryRule.ALL, [], [], undefined);
