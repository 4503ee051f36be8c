/**
 * The purge generations a stored response was stored under: the twin of
 * `dev.tiergate.cache.Generations`. One counter value per scope that can be purged as a whole. A purge
 * bumps the scope's counter, so every entry that recorded an older value is (lazily) out, without
 * finding or touching the entries themselves.
 *
 * Scopes are named `all`, `r:<route>`, `u:<family hash>` and `t:<tag>`; the family hash is the
 * entry's key, so it is not repeated here.
 */
export class Generations {
  /**
   * @param {number} all the global generation
   * @param {string} route the name of the route the entry was stored for; empty when unknown
   * @param {number} routeGeneration the route's generation
   * @param {number} family the URL family's generation
   * @param {Map<string, number> | Iterable<readonly [string, number]>} tags each tag's generation
   */
  constructor(all, route, routeGeneration, family, tags) {
    /** @type {number} */
    this.all = all;
    /** @type {string} */
    this.route = route;
    /** @type {number} */
    this.routeGeneration = routeGeneration;
    /** @type {number} */
    this.family = family;
    // Sorted, so the same stamp always encodes to the same bytes (Java keeps a TreeMap).
    /** @type {ReadonlyMap<string, number>} */
    this.tags = new Map([...tags].sort(([a], [b]) => compareStrings(a, b)));
    Object.freeze(this);
  }

  /** @param {string} route */
  static routeScope(route) {
    return "r:" + route;
  }

  /** @param {string} family */
  static familyScope(family) {
    return "u:" + family;
  }

  /** @param {string} tag */
  static tagScope(tag) {
    return "t:" + tag;
  }

  /**
   * Each scope the stamp covers with the generation it recorded, for the entry stored under `family`.
   *
   * @param {string} family
   * @returns {Map<string, number>} in the order all, route, family, tags
   */
  byScope(family) {
    const scopes = new Map();
    scopes.set(Generations.ALL, this.all);
    if (this.route !== "") {
      scopes.set(Generations.routeScope(this.route), this.routeGeneration);
    }
    scopes.set(Generations.familyScope(family), this.family);
    for (const [tag, generation] of this.tags) {
      scopes.set(Generations.tagScope(tag), generation);
    }
    return scopes;
  }

  /**
   * A stamp from scope values, as `byScope` lists them.
   *
   * @param {string} route
   * @param {string} family
   * @param {Iterable<string>} tags
   * @param {ReadonlyMap<string, number>} generationOf the value of each scope (absent scopes count as zero)
   * @returns {Generations}
   */
  static of(route, family, tags, generationOf) {
    const valueOf = (scope) => (generationOf.has(scope) ? generationOf.get(scope) : 0);
    const tagGenerations = new Map();
    for (const tag of tags) {
      tagGenerations.set(tag, valueOf(Generations.tagScope(tag)));
    }
    return new Generations(
      valueOf(Generations.ALL),
      route,
      route === "" ? 0 : valueOf(Generations.routeScope(route)),
      valueOf(Generations.familyScope(family)),
      tagGenerations,
    );
  }
}

/** Java's String.compareTo: UTF-16 code units in order, which is also how JavaScript's `<` compares. */
function compareStrings(a, b) {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/** The scope every entry belongs to. */
Generations.ALL = "all";

/** No stamp: every counter at zero, as for an entry stored before anything was purged. */
Generations.NONE = new Generations(0, "", 0, 0, new Map());
