import { SignJWT, exportJWK, generateKeyPair, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import privateJwk from "../../../policies/keys/demo-private-jwk.json";
import { edge, originCount } from "./edge.js";

const ISSUER = "https://auth.tiergate.example";
const AUDIENCE = "tiergate-demo";
const KID = "tiergate-demo-1";

/** A token for the plan, signed with the demo key (or with `key`, which the JWKS does not hold). */
async function token(plan, { key, expiresInSeconds = 600 } = {}) {
  const signingKey = key ?? (await importJWK(privateJwk, "RS256"));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ plan })
    .setProtectedHeader({ alg: "RS256", kid: KID })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(signingKey);
}

const bearer = (value) => ({ headers: { Authorization: `Bearer ${value}` } });

describe("JWT segments at the edge", { timeout: 30_000 }, () => {
  it("keeps plans apart, and serves each plan its own entry on repeat", async () => {
    const worker = edge();
    const path = `/sim/respond/priced/plans-${crypto.randomUUID()}?cache-control=public,max-age=60`;
    const pro = await token("pro");
    const free = await token("free");

    const proFirst = await worker.request(path, bearer(pro));
    const proBody = await proFirst.text();
    const freeFirst = await worker.request(path, bearer(free));
    const freeBody = await freeFirst.text();
    const proAgain = await worker.request(path, bearer(pro));
    const freeAgain = await worker.request(path, bearer(free));

    expect(proFirst.headers.get("cache-status")).toContain("fwd=uri-miss");
    expect(freeFirst.headers.get("cache-status")).toContain("fwd=vary-miss");
    expect(freeBody).not.toBe(proBody);
    expect(proAgain.headers.get("cache-status")).toContain("hit");
    expect(await proAgain.text()).toBe(proBody);
    expect(await freeAgain.text()).toBe(freeBody);
    expect(await originCount(path)).toBe(2);
  });

  it("gives a forged or expired token the default segment, never another plan's entry", async () => {
    const worker = edge();
    const path = `/sim/respond/priced/forged-${crypto.randomUUID()}?cache-control=public,max-age=60`;
    const { privateKey: otherKey, publicKey } = await generateKeyPair("RS256");
    expect((await exportJWK(publicKey)).n).not.toBe(privateJwk.n);
    const proBody = await (await worker.request(path, bearer(await token("pro")))).text();

    const forged = await worker.request(path, bearer(await token("pro", { key: otherKey })));
    const forgedBody = await forged.text();
    const expired = await worker.request(path, bearer(await token("pro", { expiresInSeconds: -120 })));
    const anonymous = await worker.request(path);

    expect(forgedBody).not.toBe(proBody);
    expect(forged.headers.get("cache-status")).toContain("fwd=vary-miss");
    expect(await expired.text()).toBe(forgedBody);
    expect(expired.headers.get("cache-status")).toContain("hit");
    expect(await anonymous.text()).toBe(forgedBody);
    expect(await originCount(path)).toBe(2);
  });
});
