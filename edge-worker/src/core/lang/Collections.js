/**
 * The JDK collection behaviours the twins rely on. This file has no Java twin: the Java side calls the JDK
 * itself, and every function here names the JDK method it stands for.
 */

/**
 * Java's `Set.of(...)` as the twins use it, for a constant shared by every caller: a set whose members cannot
 * change. `add`, `delete` and `clear` throw a TypeError, where Java's immutable set throws
 * UnsupportedOperationException, and the set itself is frozen. Unlike `Set.of`, a repeated member is not
 * refused (Java throws IllegalArgumentException) but kept once, and iteration is in insertion order (Java's
 * is unspecified), which no caller depends on.
 *
 * @template T
 * @param {Iterable<T>} values
 * @returns {ReadonlySet<T>}
 */
export function readOnlySet(values) {
  const set = new Set(values);
  const refuse = () => {
    throw new TypeError("read-only set");
  };
  set.add = refuse;
  set.delete = refuse;
  set.clear = refuse;
  return Object.freeze(set);
}
