#!/usr/bin/env bash
# Runs the HTTP caching test suite (http-cache-tests, cache-tests.fyi) against Tiergate:
# suite server <- tiergate.jar (conformance policy) <- suite CLI. Writes results/latest.json,
# reruns alone the tests that hit a setup failure or regressed (see rerun-alone.mjs), prints a summary
# and compares with baseline.json (exit 1 on a regression).
#   conformance/run-cache-tests.sh                   build the jar if missing, run every test
#   conformance/run-cache-tests.sh --build           rebuild the jar first
#   conformance/run-cache-tests.sh --id TEST-ID      run one test with request/response dumps
#   conformance/run-cache-tests.sh --update-baseline run, then write baseline.json from the results
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$root/gateway/target/tiergate.jar"
build=0 update=0 test_id=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=1 ;;
    --update-baseline) update=1 ;;
    --id) test_id="$2"; shift ;;
    *) echo "usage: $0 [--build] [--update-baseline] [--id TEST-ID]" >&2; exit 2 ;;
  esac
  shift
done

cd "$here"
[ -d node_modules/http-cache-tests ] || npm ci --no-audit --no-fund
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then (cd "$root" && mvn -B -q -ntp -DskipTests package); fi
mkdir -p results
suite="$here/node_modules/http-cache-tests"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { # url, what
  for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$2 did not start; see $here/results/" >&2; exit 1
}
server_pid="" gateway_pid=""
stop() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
}
trap stop EXIT

origin_port=$(free_port); gateway_port=$(free_port); admin_port=$(free_port)
(cd "$suite" && exec env npm_config_protocol=http npm_config_port="$origin_port" \
  npm_config_pidfile="$here/results/server.pid" node server/server.mjs) >results/server.log 2>&1 &
server_pid=$!
cp "$jar" results/tiergate.jar # a private copy: a rebuild during the run must not swap classes under the JVM
java -jar results/tiergate.jar run --policy "$here/cache-tests-policy.yaml" --host 127.0.0.1 --port "$gateway_port" \
  --admin-port "$admin_port" --origin "http://127.0.0.1:$origin_port" >results/gateway.log 2>&1 &
gateway_pid=$!
wait_for "http://127.0.0.1:$origin_port/" "the suite's test server"
wait_for "http://127.0.0.1:$admin_port/health" "Tiergate"

# The suite's CLI has no timeouts of its own: a request that never ends would hang it.
run_cli() { (cd "$suite" && env npm_config_base="http://127.0.0.1:$gateway_port" npm_config_id="$test_id" \
  npm_package_config_id="" timeout 600 node --no-warnings cli.mjs); }
if [ -n "$test_id" ]; then run_cli; exit 0; fi

run_cli >results/latest.json.tmp 2>results/cli.log || true
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))' results/latest.json.tmp \
  || { echo "the suite's CLI did not write JSON; see results/cli.log" >&2; exit 1; }
cp results/latest.json.tmp results/first-pass.json
mv results/latest.json.tmp results/latest.json
node rerun-alone.mjs "http://127.0.0.1:$gateway_port" results/latest.json "$([ "$update" = 1 ] || echo baseline.json)"
stop; trap - EXIT

node summarize.mjs results/latest.json
if [ "$update" = 1 ]; then
  node make-baseline.mjs results/latest.json >baseline.json
  echo "baseline.json updated"
elif [ -f baseline.json ]; then
  node compare.mjs baseline.json results/latest.json
else
  echo "no baseline.json yet: run with --update-baseline" >&2
fi
