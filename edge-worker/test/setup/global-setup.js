// Vitest globalSetup (runs in Node, once, before any workerd test): starts origin-sim and a Tiergate gateway in
// front of it on free loopback ports and provides their base URLs to the tests, which read them with
// `inject("originUrl")`, `inject("gatewayUrl")` and `inject("gatewayAdminUrl")`, and the secret the gateway trusts
// the worker by, `inject("upstreamSecret")`.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../.logs/", import.meta.url));
const POLICY = fileURLToPath(new URL("../fixtures/chain-policy.yaml", import.meta.url));
// The worker's own policy, compiled by the gateway's compiler at start as a deployment would compile it.
const EDGE_POLICY = fileURLToPath(new URL("../fixtures/edge-policy.yaml", import.meta.url));
const JWKS = join(REPO_ROOT, "policies/keys/demo-jwks.json");
const ORIGIN_JAR = join(REPO_ROOT, "origin-sim/target/origin-sim.jar");
const GATEWAY_JAR = join(REPO_ROOT, "gateway/target/tiergate.jar");
const BUILD_ARGS = ["-B", "-ntp", "-q", "-pl", "gateway", "-am", "package", "-DskipTests"];
const READY_TIMEOUT_MS = 60_000;
// Output is kept in memory to find the ready line and to show, in a failure, why a child died.
const KEPT_CHARS = 1 << 20;
const TAIL_CHARS = 4_000;

// Both need the text after the URL, so a line that has only partly arrived cannot match with a truncated port.
const ORIGIN_READY = /^origin-sim listening on (http:\/\/\S+?)\/?\r?\n/m;
const GATEWAY_READY = /^tiergate listening on (http:\/\/\S+?) \(admin (http:\/\/\S+?)\)/m;

// Children not yet stopped, the build included, for the last-resort kill when vitest exits without a teardown.
const running = new Set();

function onPath(tool) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function requireTool(tool, why) {
  if (!onPath(tool)) {
    throw new Error(`global-setup: '${tool}' is not on the PATH; ${why}`);
  }
}

function logPath(name) {
  return join(LOG_DIR, `${name}.log`);
}

function shown(path) {
  return relative(process.cwd(), path) || path;
}

// Every child gets its own process group (detached) so that teardown can signal whatever it forked as well.
// `environment` adds variables to the child's (never written to the log: one holds a secret).
function start(name, command, args, environment = {}) {
  const log = createWriteStream(logPath(name), { flags: "w" });
  log.write(`$ ${command} ${args.join(" ")}\n`);
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...environment },
  });
  const proc = { name, child, log, output: "", exited: null, listeners: new Set() };
  running.add(proc);
  proc.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
  });
  const collect = (chunk) => {
    log.write(chunk);
    proc.output = (proc.output + chunk.toString("utf8")).slice(-KEPT_CHARS);
    for (const listener of proc.listeners) listener();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return proc;
}

function failure(proc, message) {
  const tail = proc.output.slice(-TAIL_CHARS).trim();
  const where = `(log: ${shown(logPath(proc.name))})`;
  return new Error(`global-setup: ${proc.name} ${message} ${where}${tail ? `\n--- last output ---\n${tail}` : ""}`);
}

// Resolves with the first match of `pattern` in the child's output; rejects on exit or timeout.
function waitForLine(proc, pattern, what) {
  return new Promise((resolve, reject) => {
    let timer;
    const finish = (action) => {
      clearTimeout(timer);
      proc.listeners.delete(check);
      action();
    };
    const check = () => {
      const match = pattern.exec(proc.output);
      if (match) finish(() => resolve(match));
    };
    timer = setTimeout(
      () => finish(() => reject(failure(proc, `printed no ${what} within ${READY_TIMEOUT_MS / 1000} s`))),
      READY_TIMEOUT_MS,
    );
    proc.listeners.add(check);
    proc.exited.then(({ code, signal, error }) => {
      const how = error ? `could not be started: ${error.message}` : `exited (${signal ?? `status ${code}`})`;
      finish(() => reject(failure(proc, `${how} before printing its ${what}`)));
    });
    check();
  });
}

async function waitForHealth(proc, url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer";
  let gone = false;
  proc.exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw failure(proc, gone ? `exited before ${url} answered` : `${url} did not answer 200 (${last})`);
}

async function stop(proc) {
  const signalGroup = (signal) => {
    try {
      process.kill(-proc.child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  if (proc.child.pid !== undefined && proc.child.exitCode === null && proc.child.signalCode === null) {
    signalGroup("SIGTERM");
    // The gateway's shutdown hook closes its listeners; anything still alive after this is stuck.
    const killer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
    await proc.exited;
    clearTimeout(killer);
    // The JVM may leave nothing behind, but a wrapper script (e.g. a java shim) could have.
    signalGroup("SIGKILL");
  }
  running.delete(proc);
  await new Promise((resolve) => proc.log.end(resolve));
}

async function ensureJars() {
  const missing = [ORIGIN_JAR, GATEWAY_JAR].filter((jar) => !existsSync(jar));
  if (missing.length === 0) return;
  const jars = missing.map((jar) => relative(REPO_ROOT, jar)).join(" and ");
  requireTool("mvn", `install Apache Maven 3.8+ to build ${jars}`);
  console.log(`global-setup: building ${jars} (mvn ${BUILD_ARGS.join(" ")}), which takes a minute or two`);
  const build = start("build", "mvn", BUILD_ARGS);
  const { code, signal, error } = await build.exited;
  await stop(build);
  if (error || code !== 0) {
    throw failure(build, error ? `could not be started: ${error.message}` : `failed (${signal ?? `status ${code}`})`);
  }
  const stillMissing = missing.filter((jar) => !existsSync(jar)).map((jar) => relative(REPO_ROOT, jar));
  if (stillMissing.length > 0) {
    throw failure(build, `succeeded but did not produce ${stillMissing.join(" and ")}`);
  }
}

export default async function setup(project) {
  // A Ctrl-C or crash of vitest skips teardown; 'exit' handlers may only be synchronous, hence SIGKILL.
  const killOnExit = () => {
    for (const proc of running) {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) continue;
      try {
        process.kill(-proc.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", killOnExit);
  const teardown = async () => {
    process.removeListener("exit", killOnExit);
    await Promise.all([...running].map(stop));
  };

  try {
    mkdirSync(LOG_DIR, { recursive: true });
    requireTool("java", "install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless)");
    await ensureJars();

    const origin = start("origin-sim", "java", ["-jar", ORIGIN_JAR, "--port", "0", "--host", "127.0.0.1"]);
    const [, originUrl] = await waitForLine(origin, ORIGIN_READY, "ready line");

    // The chain policy trusts the worker by this secret (server.trustedUpstreams.secretEnv), new for every run: the
    // gateway reads it from its environment, the chain tests give the worker the same value as its binding.
    const upstreamSecret = randomBytes(16).toString("hex");
    // Port 0 is safe only with one event loop: the gateway's extra loops re-bind the resolved port and fail with
    // "Address already in use". One loop is plenty for tests and avoids racing other processes for a port.
    const gateway = start(
      "gateway",
      "java",
      [
        "-jar",
        GATEWAY_JAR,
        "run",
        "--policy",
        POLICY,
        "--origin",
        originUrl,
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--admin-port",
        "0",
        "--event-loops",
        "1",
      ],
      { TIERGATE_EDGE_SECRET: upstreamSecret },
    );
    const [, gatewayUrl, gatewayAdminUrl] = await waitForLine(gateway, GATEWAY_READY, "ready line");
    await waitForHealth(gateway, `${gatewayAdminUrl}/health`);

    project.provide(
      "edgePolicy",
      execFileSync("java", ["-jar", GATEWAY_JAR, "policy", "compile", EDGE_POLICY], { encoding: "utf8" }),
    );
    project.provide("jwks", readFileSync(JWKS, "utf8"));
    project.provide("originUrl", originUrl);
    project.provide("gatewayUrl", gatewayUrl);
    project.provide("gatewayAdminUrl", gatewayAdminUrl);
    project.provide("upstreamSecret", upstreamSecret);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
