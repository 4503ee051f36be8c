import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Every test runs inside workerd, the runtime Cloudflare runs workers in.
export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: "2026-04-01",
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.js"],
    // Starts origin-sim and a gateway on loopback for the integration tests (see test/setup/provided.d.ts).
    globalSetup: ["./test/setup/global-setup.js"],
  },
});
