import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Every test of the worker runs inside workerd, the runtime Cloudflare runs workers in.
        plugins: [
          cloudflareTest({
            miniflare: {
              compatibilityDate: "2026-04-01",
            },
          }),
        ],
        test: {
          name: "workerd",
          include: ["test/**/*.test.js"],
          exclude: [...configDefaults.exclude, "test/**/*.node.test.js"],
          // Starts origin-sim and a gateway on loopback for the integration tests (see test/setup/provided.d.ts),
          // and builds the bundle and derives its bindings from terraform/ (see test/terraform/provided.d.ts).
          globalSetup: ["./test/setup/global-setup.js", "./test/terraform/global-setup.js"],
        },
      },
      {
        // The offline checks of terraform/ parse HCL and read the provider's schema with Node packages.
        test: {
          name: "node",
          include: ["test/**/*.node.test.js"],
          environment: "node",
        },
      },
    ],
  },
});
