// Builds the worker bundle that the Terraform module uploads: `wrangler deploy --dry-run --outdir dist`, which
// bundles src/worker.js into dist/worker.js without contacting Cloudflare. Run it as `npm run build`.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { URL, fileURLToPath, pathToFileURL } from "node:url";

export const WORKER_DIR = fileURLToPath(new URL("..", import.meta.url));
export const DIST_DIR = join(WORKER_DIR, "dist");

/**
 * Writes `outdir`/worker.js (and its source map) afresh and returns its path.
 *
 * @param {object} [options]
 * @param {string} [options.outdir] where to write, dist/ by default
 * @param {boolean} [options.quiet] keep wrangler's output unless it fails
 */
export function buildWorker({ outdir = DIST_DIR, quiet = false } = {}) {
  const wrangler = join(WORKER_DIR, "node_modules", "wrangler", "bin", "wrangler.js");
  if (!existsSync(wrangler)) throw new Error(`build: ${wrangler} is missing; run npm ci in ${WORKER_DIR}`);
  rmSync(outdir, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", outdir], {
    cwd: WORKER_DIR,
    // Nothing is sent anywhere: no usage metrics.
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
    stdio: quiet ? "pipe" : "inherit",
  });
  if (run.status !== 0) {
    throw new Error(
      `build: wrangler deploy --dry-run failed (status ${run.status})\n${run.stdout ?? ""}${run.stderr ?? ""}`,
    );
  }
  const bundle = join(outdir, "worker.js");
  if (!existsSync(bundle)) throw new Error(`build: wrangler wrote no ${bundle}`);
  return bundle;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const bundle = buildWorker();
    process.stdout.write(`build: wrote ${bundle}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
