/**
 * The `java.time` arithmetic the twins rely on, over the epoch milliseconds that stand for an `Instant`
 * (see ../README.md). This file has no Java twin: the Java side calls the JDK itself, and every function here
 * names the JDK method it reproduces.
 */

/**
 * `Duration.between(from, to).toSeconds()` (JDK 9+) for two instants in epoch milliseconds: the whole seconds
 * from `from` to `to`, rounded towards the past rather than towards zero, because a Duration keeps its
 * nanoseconds non-negative: -0.5 s is -1, 1.5 s is 1. Computed exactly rather than through a float division.
 *
 * @param {number} from epoch milliseconds
 * @param {number} to epoch milliseconds
 * @returns {number}
 */
export function wholeSecondsBetween(from, to) {
  const millis = to - from;
  const remainder = millis % 1000;
  return (millis - remainder) / 1000 - (remainder < 0 ? 1 : 0);
}
