import { VariantSet } from "../core/cache/VariantSet.js";

/** "TGE1": the layout of a stored entry; anything else is treated as absent and removed. */
const MAGIC = [0x54, 0x47, 0x45, 0x31];
/** Cloudflare reads at most 16 KiB of Cache-Tag per response; tags past that are dropped, never half-written. */
const MAX_CACHE_TAG_BYTES = 16 * 1024;

/**
 * The edge tier over the Cache API: one cached response per URL family, holding every variant of it
 * (segments, keyed fields, Vary values) with the metadata the Cache API does not keep (stored-at,
 * lifetime, stale windows, validators, tags), so that the pure core, not the Cache API, decides
 * freshness. Its storage lifetime covers the stale windows and the time a 304 may still freshen it.
 */
export class EdgeStore {
  /** @param cache a Cache API cache (`caches.default` in the worker) */
  constructor(cache) {
    this.cache = cache;
  }

  /**
   * The Cache API key of a family: its canonical URL (host, normalised path, keyed query sorted), the
   * public URL, so that Cloudflare's purge by URL and by prefix reach it as they reach any cached page.
   * The worker's own upstream fetches never read or fill Cloudflare's cache (`cache: "no-store"`), so
   * nothing but this store ever meets an entry under that URL.
   */
  static keyUrl(cacheKey) {
    return `https://${cacheKey.canonical}`;
  }

  /**
   * The family's variants, or undefined when none are stored. An entry that cannot be read (another
   * layout, truncated, corrupt) is removed and counts as absent: it is never half-served.
   */
  async read(cacheKey) {
    const url = EdgeStore.keyUrl(cacheKey);
    const response = await this.cache.match(url);
    if (response === undefined) {
      return undefined;
    }
    try {
      return decode(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      console.error(`tiergate-edge: unreadable entry ${url} removed (${error.message})`);
      await this.cache.delete(url);
      return undefined;
    }
  }

  /**
   * Stores the family's variants for `retentionSeconds`, tagged for Cloudflare's purge by tag.
   *
   * @param {Iterable<string>} tags the purge tags of its variants
   */
  async write(cacheKey, set, retentionSeconds, tags) {
    const headers = new Headers({
      "Content-Type": "application/octet-stream",
      "Cache-Control": `public, max-age=${Math.max(1, retentionSeconds)}`,
    });
    const cacheTag = cacheTagValue(tags);
    if (cacheTag !== "") {
      headers.set("Cache-Tag", cacheTag);
    }
    await this.cache.put(EdgeStore.keyUrl(cacheKey), new Response(encode(set), { headers }));
  }

  /** Removes every variant of the family. */
  async remove(cacheKey) {
    await this.cache.delete(EdgeStore.keyUrl(cacheKey));
  }
}

function encode(set) {
  const meta = new TextEncoder().encode(JSON.stringify(VariantSet.toObject(set, { withBody: false })));
  const bodies = set.variants.map((variant) => variant.body);
  const length = 8 + meta.length + bodies.reduce((sum, body) => sum + 4 + body.length, 0);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, meta.length);
  bytes.set(meta, 8);
  let offset = 8 + meta.length;
  for (const body of bodies) {
    view.setUint32(offset, body.length);
    bytes.set(body, offset + 4);
    offset += 4 + body.length;
  }
  return bytes;
}

function decode(bytes) {
  if (bytes.length < 8 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new Error("not an entry of this layout");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const metaLength = view.getUint32(4);
  if (8 + metaLength > bytes.length) {
    throw new Error("truncated metadata");
  }
  const meta = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + metaLength)));
  const bodies = [];
  let offset = 8 + metaLength;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) {
      throw new Error("truncated body length");
    }
    const length = view.getUint32(offset);
    if (offset + 4 + length > bytes.length) {
      throw new Error("truncated body");
    }
    bodies.push(bytes.slice(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return VariantSet.fromObject(meta, bodies);
}

function cacheTagValue(tags) {
  let value = "";
  for (const tag of new Set(tags)) {
    const next = value === "" ? tag : `${value},${tag}`;
    if (next.length > MAX_CACHE_TAG_BYTES) {
      break;
    }
    value = next;
  }
  return value;
}
