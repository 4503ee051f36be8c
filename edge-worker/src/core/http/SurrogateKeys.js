import { javaTrim } from "../lang/JavaText.js";

/** More tags than this on one response are ignored: a purge index must stay bounded. */
const MAX_TAGS = 64;
const MAX_TAG_LENGTH = 128;

/**
 * Tags of a stored response: the route's, plus those the origin names in `Surrogate-Key`
 * (space-separated, as Fastly reads it) and `Cache-Tag` (comma-separated, as Cloudflare reads it).
 * The twin of `dev.tiergate.http.SurrogateKeys`.
 */
export const SurrogateKeys = Object.freeze({
  MAX_TAGS,
  MAX_TAG_LENGTH,

  /**
   * @param {Iterable<string>} routeTags
   * @param {import("./Headers.js").Headers} responseHeaders
   * @returns {Set<string>} in order: the route's first
   */
  tags(routeTags, responseHeaders) {
    const tags = new Set(routeTags);
    // Java's String.split("\\s+") splits on ASCII white space only.
    responseHeaders.all("Surrogate-Key").forEach((value) => addAll(tags, value.split(/[ \t\n\x0B\f\r]+/)));
    responseHeaders.all("Cache-Tag").forEach((value) => addAll(tags, value.split(",")));
    return tags;
  },
});

function addAll(tags, candidates) {
  for (const candidate of candidates) {
    const tag = javaTrim(candidate);
    if (tag !== "" && tag.length <= MAX_TAG_LENGTH && tags.size < MAX_TAGS && isVisibleAscii(tag) && !tags.has(tag)) {
      tags.add(tag);
    }
  }
}

function isVisibleAscii(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      return false;
    }
  }
  return true;
}
