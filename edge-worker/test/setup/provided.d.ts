// Values test/setup/global-setup.js provides to every test through `inject(key)` from "vitest".
import "vitest";

declare module "vitest" {
    export interface ProvidedContext {
        /** test/fixtures/edge-policy.yaml as `tiergate policy compile` writes it: the worker's policy binding. */
        edgePolicy: string;
        /** The demo JWKS (policies/keys/demo-jwks.json): the worker's JWKS binding. */
        jwks: string;
        /** origin-sim's base URL, e.g. "http://127.0.0.1:40123" (no trailing slash). */
        originUrl: string;
        /** The Tiergate gateway's proxy base URL, in front of originUrl with test/fixtures/chain-policy.yaml. */
        gatewayUrl: string;
        /** The gateway's admin API base URL (/health, /metrics, /stats, /purge, /policy/reload). */
        gatewayAdminUrl: string;
        /** The secret the gateway trusts the worker's forwarding fields by (its TIERGATE_EDGE_SECRET): the worker's TIERGATE_UPSTREAM_SECRET. */
        upstreamSecret: string;
    }
}
