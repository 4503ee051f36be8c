import { javaTrim } from "../lang/JavaText.js";
import { wholeSecondsBetween } from "../lang/JavaTime.js";
import { CacheControl } from "./CacheControl.js";
import { Freshness } from "./Freshness.js";

/**
 * Age calculation (RFC 9111 §4.2.3): the twin of the gateway's `dev.tiergate.http.CurrentAge`.
 *
 * The corrected initial age is computed once, when the response arrives; the current age is that plus the time
 * the entry has been resident here. Times are epoch milliseconds; ages are whole seconds.
 */
export const CurrentAge = Object.freeze({
  /**
   * `corrected_initial_age = max(apparent_age, age_value + response_delay)`.
   *
   * @param {Headers} headers the response header fields (Date and Age)
   * @param {number} requestTime when the request that produced the response was sent
   * @param {number} responseTime when the response was received
   * @returns {number}
   */
  correctedInitialAgeSeconds(headers, requestTime, responseTime) {
    // "apparent_age = max(0, response_time - date_value);"
    const apparentAge = Math.max(0, wholeSecondsBetween(Freshness.date(headers, responseTime), responseTime));
    // "response_delay = response_time - request_time;"
    const responseDelay = Math.max(0, wholeSecondsBetween(requestTime, responseTime));
    // "corrected_age_value = age_value + response_delay;"
    const correctedAgeValue = CurrentAge.ageValue(headers) + responseDelay;
    return Math.max(apparentAge, correctedAgeValue);
  },

  /**
   * `current_age = corrected_initial_age + resident_time`.
   *
   * @param {number} correctedInitialAgeSeconds
   * @param {number} responseTime epoch milliseconds
   * @param {number} now epoch milliseconds
   * @returns {number}
   */
  currentAgeSeconds(correctedInitialAgeSeconds, responseTime, now) {
    const residentTime = Math.max(0, wholeSecondsBetween(responseTime, now));
    return correctedInitialAgeSeconds + residentTime;
  },

  /**
   * The Age field value; 0 when absent. Age is a single delta-seconds: when several values arrive (a list or
   * repeated lines) the first one is used, and "if ... a recipient receives ... an invalid value, the field is
   * ignored" (§5.1). Package-private on the Java side.
   *
   * @param {Headers} headers
   * @returns {number}
   */
  ageValue(headers) {
    const value = headers.first("Age");
    if (value === undefined) {
      return 0;
    }
    // split(",", -1)[0]: the text before the first comma, which JavaScript's split gives as well.
    const first = javaTrim(value.split(",")[0]);
    return CacheControl.parseDeltaSeconds(first) ?? 0;
  },
});
