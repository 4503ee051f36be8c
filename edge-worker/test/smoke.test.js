import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import vectors from "../../policies/conformance/routing.json";
import compiled from "../../policies/example.yaml?raw";

describe("runtime", () => {
  it("runs in workerd with the cache api", async () => {
    expect(typeof caches.default.put).toBe("function");
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    expect(bytesToHex(sha256(new TextEncoder().encode("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(vectors.length).toBeGreaterThan(5);
    expect(compiled).toContain("version");
  });
});
