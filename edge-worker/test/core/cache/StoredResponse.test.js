import { describe, expect, it } from "vitest";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { Decider } from "../../../src/core/cache/Decider.js";
import { Generations } from "../../../src/core/cache/Generations.js";
import { StorePlan } from "../../../src/core/cache/StorePlan.js";
import { StoredResponse } from "../../../src/core/cache/StoredResponse.js";
import { VariantSet } from "../../../src/core/cache/VariantSet.js";
import { CacheControl } from "../../../src/core/http/CacheControl.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { BODY, NOW, TEN_SECONDS_AGO, get, httpDate, secondsAgo, storedAt } from "./fixtures.js";

// The plain-JSON form the worker keeps entries in (toObject / fromObject): no twin on the gateway, whose
// binary EntryCodec this replaces at the edge.

/** Through JSON text, as the worker stores it. */
function viaJson(object) {
  return JSON.parse(JSON.stringify(object));
}

function directivesOf(entry) {
  const directives = entry.directives.directives();
  return directives instanceof Map ? [...directives] : Object.entries(directives);
}

/** A stored entry that uses every field: Vary, tags, a stamp, a fetch duration, a body with every byte value. */
function richEntry() {
  const body = new Uint8Array(256).map((_, i) => i);
  const headers = Headers.of(
    "Date",
    httpDate(TEN_SECONDS_AGO),
    "Cache-Control",
    'max-age=60, no-cache="set-cookie, x-token", stale-if-error=300, community="UCI"',
    "Vary",
    "Accept-Encoding, Accept-Language",
    "ETag",
    '"v1"',
    "X-Unicode",
    "grüße ✓",
  );
  const plan = StorePlan.plan(
    get("Accept-Encoding", "br, gzip", "Accept-Language", "de"),
    200,
    headers,
    body,
    secondsAgo(12),
    TEN_SECONDS_AGO,
    CacheRule.RESPECT_ORIGIN,
    new Set(["product:1", "catalogue"]),
  );
  const stamp = new Generations(
    3,
    "product",
    2,
    7,
    new Map([
      ["product:1", 5],
      ["catalogue", 1],
    ]),
  );
  return plan.entry.withGenerations(stamp).withFetchMillis(250);
}

describe("StoredResponse.toObject / fromObject", () => {
  it("round-trips every field through JSON, body in base64", () => {
    const entry = richEntry();

    const object = viaJson(StoredResponse.toObject(entry));
    const back = StoredResponse.fromObject(object);

    expect(object.v).toBe(1);
    expect(typeof object.body).toBe("string");
    expect(StoredResponse.toObject(back)).toStrictEqual(object);
    expect(back.body).toStrictEqual(entry.body);
    expect(back.headers.equals(entry.headers)).toBe(true);
    expect(directivesOf(back)).toStrictEqual(directivesOf(entry));
    expect(back.directives.value("no-cache")).toBe("set-cookie, x-token");
    expect([...back.tags]).toStrictEqual([...entry.tags]);
    expect([...back.generations.tags]).toStrictEqual([
      ["catalogue", 1],
      ["product:1", 5],
    ]);
    expect(back.generations.byScope("f")).toStrictEqual(entry.generations.byScope("f"));
    expect(back.fetchMillis).toBe(250);
    expect(back.sizeBytes()).toBe(entry.sizeBytes());
    for (const now of [NOW, NOW + 50_000, NOW + 400_000]) {
      expect(back.ageSeconds(now)).toBe(entry.ageSeconds(now));
      expect(back.ttlSeconds(now)).toBe(entry.ttlSeconds(now));
      expect(Decider.mayServeStaleOnError(back, now)).toBe(Decider.mayServeStaleOnError(entry, now));
    }
  });

  it("keeps targeted directives, which are not the entry's Cache-Control field", () => {
    const entry = storedAt(
      TEN_SECONDS_AGO,
      "Cache-Control",
      "max-age=5",
      "CDN-Cache-Control",
      'max-age=60, stale-while-revalidate=45, x-note="a, b"',
    );

    const back = StoredResponse.fromObject(viaJson(StoredResponse.toObject(entry)));

    expect(directivesOf(back)).toStrictEqual(directivesOf(entry));
    expect(back.directives.deltaSeconds("max-age")).toBe(60);
  });

  it("keeps the body apart when asked, and takes it back as bytes", () => {
    const entry = richEntry();

    const object = viaJson(StoredResponse.toObject(entry, { withBody: false }));
    const back = StoredResponse.fromObject(object, entry.body.slice());
    const fromBuffer = StoredResponse.fromObject(object, entry.body.slice().buffer);

    expect(object).not.toHaveProperty("body");
    expect(StoredResponse.toObject(back, { withBody: false })).toStrictEqual(object);
    expect(back.body).toStrictEqual(entry.body);
    expect(fromBuffer.body).toStrictEqual(entry.body);
    expect(() => StoredResponse.fromObject(object)).toThrow(Error);
  });

  it.each([0, 1, 2, 3, 4, 5])("round-trips a body of %i bytes", (length) => {
    const entry = storedAt(NOW, "Cache-Control", "max-age=60").withFetchMillis(0);
    const body = new Uint8Array(length).map((_, i) => 250 + i);
    const sized = new StoredResponse(
      entry.status,
      entry.headers,
      body,
      entry.responseTime,
      entry.initialAgeSeconds,
      entry.lifetimeSeconds,
      entry.staleWhileRevalidateSeconds,
      entry.staleIfErrorSeconds,
      entry.directives,
      entry.varyFields,
      entry.secondaryKey,
      entry.tags,
    );

    expect(StoredResponse.fromObject(viaJson(StoredResponse.toObject(sized))).body).toStrictEqual(body);
  });

  it("round-trips an entry with no directives, tags or stamp", () => {
    const entry = new StoredResponse(200, Headers.EMPTY, BODY, NOW, 0, 0, 0, 0, CacheControl.EMPTY, [], "", []);

    const back = StoredResponse.fromObject(viaJson(StoredResponse.toObject(entry)));

    expect(back.directives.isEmpty()).toBe(true);
    expect(back.generations).toStrictEqual(Generations.NONE);
    expect(StoredResponse.toObject(back)).toStrictEqual(StoredResponse.toObject(entry));
  });

  it("rejects an unknown version", () => {
    const object = viaJson(StoredResponse.toObject(richEntry()));

    expect(() => StoredResponse.fromObject({ ...object, v: 2 })).toThrow("unknown serialization version 2");
    expect(() => StoredResponse.fromObject({ ...object, v: undefined })).toThrow("unknown serialization version");
  });

  it("rejects malformed values instead of half-reading them", () => {
    const object = viaJson(StoredResponse.toObject(richEntry()));

    expect(() => StoredResponse.fromObject(null)).toThrow(Error);
    expect(() => StoredResponse.fromObject([])).toThrow(Error);
    expect(() => StoredResponse.fromObject({ ...object, status: "200" })).toThrow("status");
    expect(() => StoredResponse.fromObject({ ...object, headers: [["ETag"]] })).toThrow("headers");
    expect(() => StoredResponse.fromObject({ ...object, responseTime: 1.5 })).toThrow("responseTime");
    expect(() => StoredResponse.fromObject({ ...object, tags: "product:1" })).toThrow("tags");
    expect(() => StoredResponse.fromObject({ ...object, generations: undefined })).toThrow("generations");
    expect(() => StoredResponse.fromObject({ ...object, body: "not base64!" })).toThrow("body");
    expect(() => StoredResponse.fromObject({ ...object, body: "aGVsbG8" })).toThrow("body");
    expect(() => StoredResponse.fromObject({ ...object, fetchMillis: -1 })).toThrow("fetchMillis");
  });
});

describe("VariantSet.toObject / fromObject", () => {
  const gzip = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60", "Vary", "Accept-Encoding");
  const set = VariantSet.of(gzip).with(richEntry());

  it("round-trips every variant, in order", () => {
    const object = viaJson(VariantSet.toObject(set));
    const back = VariantSet.fromObject(object);

    expect(object.v).toBe(1);
    expect(back.variants).toHaveLength(2);
    expect(VariantSet.toObject(back)).toStrictEqual(object);
    expect(back.sizeBytes()).toBe(set.sizeBytes());
    expect(back.retentionSeconds(NOW, CacheRule.RESPECT_ORIGIN)).toBe(
      set.retentionSeconds(NOW, CacheRule.RESPECT_ORIGIN),
    );
    const request = get("Accept-Encoding", "gzip, br", "Accept-Language", "de");
    expect(StoredResponse.toObject(back.match(request))).toStrictEqual(StoredResponse.toObject(set.match(request)));
  });

  it("takes the bodies apart, in variant order", () => {
    const object = viaJson(VariantSet.toObject(set, { withBody: false }));
    const back = VariantSet.fromObject(
      object,
      set.variants.map((variant) => variant.body),
    );

    expect(back.variants.map((variant) => variant.body)).toStrictEqual(set.variants.map((variant) => variant.body));
    expect(() => VariantSet.fromObject(object, [BODY])).toThrow("1 bodies for 2 variants");
  });

  it("rejects an unknown version", () => {
    const object = viaJson(VariantSet.toObject(set));

    expect(() => VariantSet.fromObject({ ...object, v: 0 })).toThrow("unknown serialization version 0");
    expect(() => VariantSet.fromObject({ v: 1 })).toThrow("variants");
    expect(() => VariantSet.fromObject({ v: 1, variants: [{ ...object.variants[0], v: 9 }] })).toThrow(
      "unknown serialization version 9",
    );
  });
});
