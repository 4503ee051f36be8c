#!/usr/bin/env bash
# Warm-hit throughput, latency and CPU per request of the edge worker (edge-worker/, run by
# `wrangler dev` in local workerd) next to the gateway's, both in front of the same origin-sim, on
# the same URL, in one run on this machine. For information, not a goal: wrangler dev is a
# development server, and says nothing about Cloudflare's production edge. Writes
# bench/reports/edge-hit-<date>.md. See bench/README.md.
#
# Environment knobs (defaults in brackets):
#   DURATION [10s]  length of each measured wrk run      WARMUP [10s]   warm-up per target (not recorded)
#   THREADS [2]     wrk -t                               CONNS [32]     wrk -c
#   ROUNDS [5]      measured rounds (order alternates)   FLOOR [1]      0 = skip the dev-server floor worker
#   BASE_PORT [22080]  origin-sim = BASE, gateway = BASE+1, admin = BASE+2, wrangler = BASE+3 (inspector
#                      BASE+4), floor wrangler = BASE+5 (inspector BASE+6)
#   POLICY [bench/bench-policy.yaml]  the gateway's policy; the worker gets its compiled form
#   LOAD_MAX [1.5]  wait (polling every 15 s, at most LOAD_WAIT_MAX_S [600] s) for the 1-minute load
#                   average to drop below this before starting; LOAD_WAIT=0 skips the wait
#   WRANGLER_LOG_LEVEL [unset]  passed as `wrangler dev --log-level` when set (unset = wrangler's default, info)
#   REPORT [bench/reports/edge-hit-<date>.md]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-5}
FLOOR=${FLOOR:-1}
BASE_PORT=${BASE_PORT:-22080}
POLICY=${POLICY:-bench/bench-policy.yaml}
LOAD_MAX=${LOAD_MAX:-1.5}
LOAD_WAIT=${LOAD_WAIT:-1}
LOAD_WAIT_MAX_S=${LOAD_WAIT_MAX_S:-600}
WRANGLER_LOG_LEVEL=${WRANGLER_LOG_LEVEL:-}
ORIGIN_PORT=$BASE_PORT
GW_PORT=$((BASE_PORT + 1))
ADMIN_PORT=$((BASE_PORT + 2))
EDGE_PORT=$((BASE_PORT + 3))
EDGE_INSPECT=$((BASE_PORT + 4))
FLOOR_PORT=$((BASE_PORT + 5))
FLOOR_INSPECT=$((BASE_PORT + 6))
DATE=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/reports/edge-hit-$DATE.md}
TICK=$(getconf CLK_TCK)

HIT_PATH=/api/products/1      # origin: public, max-age=30, 120-byte JSON; the policy's route: ttl 10m
ORIGIN=http://127.0.0.1:$ORIGIN_PORT
GW=http://127.0.0.1:$GW_PORT
EDGE=http://127.0.0.1:$EDGE_PORT

BENCH=edge-hit
# shellcheck source=lib.sh
. bench/lib.sh

# ---------------------------------------------------------------- prerequisites (never installs)
require_tools java node npx wrk curl awk ss setsid
[ -x edge-worker/node_modules/.bin/wrangler ] || die "edge-worker/node_modules has no wrangler: run 'cd edge-worker && npm ci' first"
for jar in gateway/target/tiergate.jar origin-sim/target/origin-sim.jar; do
  [ -f "$jar" ] || die "$jar is missing: build it with 'mvn -B -ntp -q -o package -Dmaven.test.skip=true'"
done
for port in "$ORIGIN_PORT" "$GW_PORT" "$ADMIN_PORT" "$EDGE_PORT" "$EDGE_INSPECT" "$FLOOR_PORT" "$FLOOR_INSPECT"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    die "port $port is already in use; set BASE_PORT to a free range (ports BASE..BASE+6)"
  fi
done

# ---------------------------------------------------------------- a quiet machine first
wait_for_quiet
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average at start: $LOAD_START (waited ${LOAD_WAITED}s)"

# ---------------------------------------------------------------- processes (killed by PID on exit)
WORK=$(mktemp -d /tmp/tiergate-edge-bench.XXXXXX)
PIDS=()       # plain children
SESSIONS=()   # wrangler dev sessions (setsid): every process of each is killed by its PID
cleanup() {
  local pid sid all=()
  for sid in "${SESSIONS[@]}"; do
    for pid in $(ps -o pid= -s "$sid" 2>/dev/null); do all+=("$pid"); done
  done
  all+=("${PIDS[@]}")
  stop_pids "${all[@]}"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ORIGIN_CMD="java -jar origin-sim/target/origin-sim.jar --port $ORIGIN_PORT"
GW_CMD="java -jar gateway/target/tiergate.jar run --policy $POLICY --port $GW_PORT --admin-port $ADMIN_PORT --origin $ORIGIN"
COMPILE_CMD="java -jar gateway/target/tiergate.jar policy compile $POLICY -o <tmp>/policy.json"

java -jar gateway/target/tiergate.jar policy compile "$POLICY" -o "$WORK/policy.json" \
  || die "could not compile $POLICY"
log "starting origin-sim on $ORIGIN_PORT"
$ORIGIN_CMD >"$WORK/origin-sim.log" 2>&1 &
ORIGIN_PID=$!
PIDS+=("$ORIGIN_PID")
log "starting the gateway on $GW_PORT (admin $ADMIN_PORT)"
$GW_CMD >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")

LOG_LEVEL_ARGS=()
[ -n "$WRANGLER_LOG_LEVEL" ] && LOG_LEVEL_ARGS=(--log-level "$WRANGLER_LOG_LEVEL")
start_wrangler() { # name port inspector-port log [extra args...] -> sets STARTED_SID
  local name=$1 port=$2 inspect=$3 out=$4
  shift 4
  # setsid: wrangler, its Node children and both workerd processes share one new session, so the
  # cleanup finds every one of them by PID (ps -s), and nothing else.
  (cd edge-worker && WRANGLER_SEND_METRICS=false exec setsid npx wrangler dev --port "$port" --ip 127.0.0.1 \
    --inspector-port "$inspect" --show-interactive-dev-session=false "${LOG_LEVEL_ARGS[@]}" "$@" \
    >"$out" 2>&1 </dev/null) &
  STARTED_SID=$!
  SESSIONS+=("$STARTED_SID")
  log "started wrangler dev ($name) on $port, session $STARTED_SID"
}
start_wrangler edge "$EDGE_PORT" "$EDGE_INSPECT" "$WORK/wrangler-edge.log" \
  --persist-to "$WORK/edge-state" \
  --var "TIERGATE_POLICY:$(cat "$WORK/policy.json")" \
  --var "TIERGATE_JWKS:$(cat policies/keys/demo-jwks.json)" \
  --var "TIERGATE_UPSTREAM:$GW"
EDGE_SID=$STARTED_SID
EDGE_CMD="(cd edge-worker && WRANGLER_SEND_METRICS=false setsid npx wrangler dev --port $EDGE_PORT --ip 127.0.0.1 --inspector-port $EDGE_INSPECT --show-interactive-dev-session=false ${LOG_LEVEL_ARGS[*]} --persist-to <tmp>/edge-state --var \"TIERGATE_POLICY:\$(cat <tmp>/policy.json)\" --var \"TIERGATE_JWKS:\$(cat ../policies/keys/demo-jwks.json)\" --var TIERGATE_UPSTREAM:$GW)"
EDGE_CMD=${EDGE_CMD//  / }

FLOOR_BYTES=1024
if [ "$FLOOR" = 1 ]; then
  # The dev server's own floor: the same wrangler dev and workerd with a worker that does nothing
  # (/floor/static) or only what a Tiergate edge hit does with the Cache API (/floor/cache: one
  # caches.default.match of a 1 KiB entry, about the size of the worker's one-variant family, and
  # reading its body), each answering the same 120-byte JSON.
  mkdir -p "$WORK/floor"
  cat >"$WORK/floor/floor.js" <<EOF
// generated by bench/edge-hit.sh: the dev-server floor for an edge hit
const BODY = new TextEncoder().encode(
  '{"id":1,"sku":"TG-0001","name":"Desk Lamp (model 1)","category":"kitchen","price":84.19,"currency":"EUR","inStock":true}',
);
const KEY = "https://floor.example/api/products/1";
const answer = (floor) =>
  new Response(BODY, {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=30", "X-Floor": floor },
  });
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/floor/static") {
      return answer("static");
    }
    const stored = await caches.default.match(KEY);
    if (stored === undefined) {
      await caches.default.put(
        KEY,
        new Response(new Uint8Array($FLOOR_BYTES), {
          headers: { "Content-Type": "application/octet-stream", "Cache-Control": "public, max-age=3600" },
        }),
      );
      return answer("stored");
    }
    await stored.arrayBuffer();
    return answer("hit");
  },
};
EOF
  cat >"$WORK/floor/wrangler.jsonc" <<EOF
{ "name": "tiergate-edge-floor", "main": "floor.js", "compatibility_date": "2026-04-01" }
EOF
  start_wrangler floor "$FLOOR_PORT" "$FLOOR_INSPECT" "$WORK/wrangler-floor.log" \
    --config "$WORK/floor/wrangler.jsonc" --persist-to "$WORK/floor-state"
  FLOOR_SID=$STARTED_SID
fi

wait_http "$ORIGIN/__sim/health" origin-sim
wait_http "http://127.0.0.1:$ADMIN_PORT/health" gateway
wait_http "$EDGE/__tiergate-edge-bench-ready" "wrangler dev (edge)" 300
[ "$FLOOR" = 1 ] && wait_http "http://127.0.0.1:$FLOOR_PORT/floor/static" "wrangler dev (floor)" 300

# ---------------------------------------------------------------- who serves what
session_pid() { # sid pattern -> first PID in the session whose command line matches (extended regex)
  ps -ww -o pid=,args= -s "$1" | awk -v re="$2" '$0 ~ re {print $1; exit}'
}
listening() { # pid -> "ip:port ..." it listens on
  ss -ltnpH | awk -v p="pid=$1," 'index($0, p) {print $4}' | sort -u | tr '\n' ' '
}
describe_session() { # sid -> one line per process: pid, role, listening sockets
  local pid
  for pid in $(ps -o pid= -s "$1"); do
    printf '%7s  %-90.90s  listens: %s\n' "$pid" "$(ps -ww -o args= -p "$pid" | sed "s#$ROOT/##g; s#--var [^ ]*##g")" "$(listening "$pid")"
  done
}
header() { # url header-name -> value of that response header (GET)
  curl -s -D - -o /dev/null --max-time 5 "$1" | tr -d '\r' | awk -v h="$(echo "$2" | tr 'A-Z' 'a-z')" \
    'BEGIN{FS=": "} tolower($1)==h {sub(/^[^:]*: /,""); print; exit}'
}
find_entry() { # pid header regex -> the first port of that process answering $HIT_PATH with header ~ regex
  local addr port
  for addr in $(listening "$1"); do
    port=${addr##*:}
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port$3" || continue
    if [[ $(header "http://127.0.0.1:$port$3" "$2") =~ $4 ]]; then echo "$port"; return 0; fi
  done
  return 1
}

EDGE_NODE_PID=$(session_pid "$EDGE_SID" 'wrangler-dist/cli[.]js')
EDGE_PROXY_PID=$(session_pid "$EDGE_SID" "workerd serve .*--socket-addr=entry=127[.]0[.]0[.]1:$EDGE_PORT( |\$)")
EDGE_WORKER_PID=$(ps -ww -o pid=,args= -s "$EDGE_SID" | awk -v x="$EDGE_PROXY_PID" '$2 ~ /workerd$/ && $1 != x {print $1; exit}')
[ -n "$EDGE_NODE_PID" ] && [ -n "$EDGE_PROXY_PID" ] && [ -n "$EDGE_WORKER_PID" ] \
  || { describe_session "$EDGE_SID" >&2; die "could not tell wrangler's node, proxy workerd and worker workerd apart"; }
log "edge: wrangler node $EDGE_NODE_PID, proxy workerd $EDGE_PROXY_PID (listens on $EDGE_PORT), worker workerd $EDGE_WORKER_PID"

log "priming and checking cache status"
curl -s -o /dev/null "$GW$HIT_PATH"
curl -s -o /dev/null "$EDGE$HIT_PATH"
GW_HIT_STATUS=$(header "$GW$HIT_PATH" Cache-Status)
EDGE_HIT_STATUS=$(header "$EDGE$HIT_PATH" Cache-Status)
[[ $GW_HIT_STATUS =~ ^Tiergate\;\ hit ]] || die "gateway: expected 'Tiergate; hit', got '$GW_HIT_STATUS'"
[[ $EDGE_HIT_STATUS =~ ^tiergate-edge\;\ hit ]] || die "edge: expected 'tiergate-edge; hit', got '$EDGE_HIT_STATUS'"
log "gateway Cache-Status: $GW_HIT_STATUS"
log "edge (via wrangler's port) Cache-Status: $EDGE_HIT_STATUS"
# The worker's workerd also listens on an entry socket of its own (Miniflare's entry worker in front of
# the user worker): requests there skip wrangler's proxy workerd. Its Host differs, so it is its own
# cache family: primed separately.
EDGE_DIRECT_PORT=$(find_entry "$EDGE_WORKER_PID" Cache-Status "$HIT_PATH" 'tiergate-edge') \
  || die "no entry socket of the worker workerd ($EDGE_WORKER_PID: $(listening "$EDGE_WORKER_PID")) answers as the worker"
EDGE_DIRECT=http://127.0.0.1:$EDGE_DIRECT_PORT
curl -s -o /dev/null "$EDGE_DIRECT$HIT_PATH"
EDGE_DIRECT_STATUS=$(header "$EDGE_DIRECT$HIT_PATH" Cache-Status)
[[ $EDGE_DIRECT_STATUS =~ ^tiergate-edge\;\ hit ]] || die "edge direct: expected 'tiergate-edge; hit', got '$EDGE_DIRECT_STATUS'"
log "edge (direct to the worker workerd, port $EDGE_DIRECT_PORT) Cache-Status: $EDGE_DIRECT_STATUS"
HIT_BYTES=$(curl -s "$EDGE$HIT_PATH" | wc -c)
EDGE_SESSION_TXT=$(describe_session "$EDGE_SID")

FLOOR_NODE_PID="" FLOOR_PROXY_PID="" FLOOR_WORKER_PID="" FLOOR_DIRECT="" FLOOR_SESSION_TXT=""
if [ "$FLOOR" = 1 ]; then
  FLOOR_NODE_PID=$(session_pid "$FLOOR_SID" 'wrangler-dist/cli[.]js')
  FLOOR_PROXY_PID=$(session_pid "$FLOOR_SID" "workerd serve .*--socket-addr=entry=127[.]0[.]0[.]1:$FLOOR_PORT( |\$)")
  FLOOR_WORKER_PID=$(ps -ww -o pid=,args= -s "$FLOOR_SID" | awk -v x="$FLOOR_PROXY_PID" '$2 ~ /workerd$/ && $1 != x {print $1; exit}')
  FLOOR_DIRECT_PORT=$(find_entry "$FLOOR_WORKER_PID" X-Floor /floor/static '^static$') || die "floor worker entry socket not found"
  FLOOR_DIRECT=http://127.0.0.1:$FLOOR_DIRECT_PORT
  curl -s -o /dev/null "$FLOOR_DIRECT/floor/cache"
  [ "$(header "$FLOOR_DIRECT/floor/cache" X-Floor)" = hit ] || die "floor /floor/cache does not hit the Cache API"
  FLOOR_SESSION_TXT=$(describe_session "$FLOOR_SID")
fi

# ---------------------------------------------------------------- measuring helpers
origin_reset() { curl -s -o /dev/null -X POST "$ORIGIN/__sim/reset"; }
origin_total() { curl -s "$ORIGIN/__sim/stats" | grep -o '"total":[0-9]*' | cut -d: -f2; }
gw_total() { curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '/^tiergate_requests_total/{s+=$NF} END{printf "%d", s}'; }
ticks() { # pid -> utime+stime (clock ticks); 0 when absent
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" || echo 0
}
ROLES="gw origin edge_node edge_proxy edge_worker floor_node floor_proxy floor_worker"
role_pid() {
  case $1 in
    gw) echo "$GW_PID" ;; origin) echo "$ORIGIN_PID" ;;
    edge_node) echo "$EDGE_NODE_PID" ;; edge_proxy) echo "$EDGE_PROXY_PID" ;; edge_worker) echo "$EDGE_WORKER_PID" ;;
    floor_node) echo "$FLOOR_NODE_PID" ;; floor_proxy) echo "$FLOOR_PROXY_PID" ;; floor_worker) echo "$FLOOR_WORKER_PID" ;;
  esac
}
all_ticks() { local r; for r in $ROLES; do printf '%s ' "$(ticks "$(role_pid "$r")")"; done; }
machine() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; } # busy total
# CPU ms of this shell's waited-for children (wrk, curl, ...): `times` in this shell (a $(...) subshell would see 0)
children_ms() { # -> sets CHILD_MS
  times >"$WORK/times.txt"
  CHILD_MS=$(awk 'NR==2{ split($1,u,/[ms]/); split($2,s,/[ms]/); printf "%d", (u[1]*60+u[2]+s[1]*60+s[2])*1000 }' "$WORK/times.txt")
}
reloads() { cat "$WORK"/wrangler-*.log 2>/dev/null | grep -ciE 'updated and ready|reloading' || true; }

to_ms() { # wrk latency value (e.g. 663.00us, 1.09ms, 1.20s) -> milliseconds
  awk -v v="$1" 'BEGIN{
    if (v ~ /us$/) { sub(/us$/,"",v); printf "%.3f", v/1000 }
    else if (v ~ /ms$/) { sub(/ms$/,"",v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/,"",v); printf "%.3f", v*60000 }
    else if (v ~ /s$/) { sub(/s$/,"",v); printf "%.3f", v*1000 }
    else print "nan" }'
}

target_url() {
  case $1 in
    edge-proxy) echo "$EDGE$HIT_PATH" ;;
    edge-direct) echo "$EDGE_DIRECT$HIT_PATH" ;;
    gateway) echo "$GW$HIT_PATH" ;;
    floor-static) echo "$FLOOR_DIRECT/floor/static" ;;
    floor-cache) echo "$FLOOR_DIRECT/floor/cache" ;;
  esac
}

RESULTS=$WORK/results.tsv
# target round rps p50 p99 requests errors non2xx origin_delta gw_delta reloads machine_busy% other_busy% wrk_ms <ticks per role...>
: >"$RESULTS"
run_wrk() { # target round duration -> appends a row (round 0 = warm-up, not recorded)
  local target=$1 round=$2 dur=$3 url out t0 t1 m0 m1 w0 w1 o1 g0 g1 r0 r1
  url=$(target_url "$target")
  out=$WORK/wrk-$target-$round.txt
  sleep 1                 # let stragglers of the previous run drain before counting
  origin_reset
  g0=$(gw_total); r0=$(reloads)
  t0=$(all_ticks); m0=$(machine); children_ms; w0=$CHILD_MS
  wrk -t"$THREADS" -c"$CONNS" -d"$dur" --latency "$url" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  children_ms; w1=$CHILD_MS; m1=$(machine); t1=$(all_ticks)
  sleep 0.2
  o1=$(origin_total); g1=$(gw_total); r1=$(reloads)
  [ "$round" = 0 ] && return 0
  local rps p50 p99 reqs errs non2xx secs kinds ours=0 busy other i=0 deltas=() a b
  rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
  p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
  p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
  reqs=$(awk '/requests in/{print $1}' "$out")
  errs=$(awk '/Socket errors:/{gsub(/,/,""); print $4+$6+$8+$10}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")
  secs=$(awk '/requests in/{v=$4; sub(/s,?$/,"",v); print v}' "$out")
  kinds=$(awk '/Socket errors:/{gsub(/,/,""); printf "%s/%s/%s/%s", $4, $6, $8, $10}' "$out")
  read -r -a a <<<"$t0"; read -r -a b <<<"$t1"
  for i in "${!a[@]}"; do deltas+=($((b[i] - a[i]))); ours=$((ours + b[i] - a[i])); done
  # machine-wide busy share of all cores, and what neither our processes nor wrk used (other work, kernel softirq)
  read -r busy other < <(echo "$m0 $m1" | awk -v ours="$ours" -v wrk="$(((w1 - w0) * TICK / 1000))" \
    '{db=$3-$1; dt=$4-$2; printf "%.0f %.0f\n", 100*db/dt, 100*(db-ours-wrk)/dt}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$target" "$round" "$rps" "$p50" "$p99" "$reqs" \
    "${errs:-0}" "${non2xx:-0}" "$o1" "$((g1 - g0))" "$((r1 - r0))" "$busy" "$other" "$((w1 - w0))" >>"$RESULTS"
  printf '\t%s' "${deltas[@]}" >>"$RESULTS"
  printf '\t%s\t%s\n' "${secs:-nan}" "${kinds:-0/0/0/0}" >>"$RESULTS"
  log "$(printf '%-12s round %s: %9s req/s  p50 %8s ms  p99 %8s ms  errors %s  non-2xx %s  origin %s  gateway %s  machine busy %s%%' \
    "$target" "$round" "$rps" "$p50" "$p99" "${errs:-0}" "${non2xx:-0}" "$o1" "$((g1 - g0))" "$busy")"
}

TARGETS="edge-proxy edge-direct gateway"
[ "$FLOOR" = 1 ] && TARGETS="$TARGETS floor-static floor-cache"
reverse() { local out="" t; for t in $1; do out="$t $out"; done; echo "$out"; }

# ---------------------------------------------------------------- warm-up, then measured rounds
log "warm-up: $WARMUP per target (not recorded)"
for t in $TARGETS; do run_wrk "$t" 0 "$WARMUP"; done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
SRC_BEFORE=$(cd edge-worker && find src bindings.json -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order=$TARGETS; else order=$(reverse "$TARGETS"); fi
  log "round $r/$ROUNDS (order: $order)"
  for t in $order; do run_wrk "$t" "$r" "$DURATION"; done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
SRC_AFTER=$(cd edge-worker && find src bindings.json -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
GW_HIT_AFTER=$(header "$GW$HIT_PATH" Cache-Status)
EDGE_HIT_AFTER=$(header "$EDGE$HIT_PATH" Cache-Status)
EDGE_DIRECT_AFTER=$(header "$EDGE_DIRECT$HIT_PATH" Cache-Status)
GW_METRICS=$(curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^tiergate_requests_total' || true)

# ---------------------------------------------------------------- report
# columns of RESULTS: 1 target 2 round 3 rps 4 p50 5 p99 6 requests 7 errors 8 non2xx 9 origin 10 gateway
# 11 reloads 12 busy% 13 other% 14 wrk_ms, then ticks: 15 gw 16 origin 17 edge_node 18 edge_proxy
# 19 edge_worker 20 floor_node 21 floor_proxy 22 floor_worker, 23 wrk's measured seconds, 24 socket errors connect/read/write/timeout
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2} }'; }
col() { awk -F'\t' -v t="$1" -v k="$2" '$1==t {print $k}' "$RESULTS"; }
sumcol() { col "$1" "$2" | awk '{s+=$1} END{print s+0}'; }
med() { col "$1" "$2" | median; }
spread() { col "$1" "$2" | sort -g | awk -v f="${3:-%.0f}" 'NR==1{lo=$1} {hi=$1} END{printf f "–" f, lo, hi}'; }
per_round() { col "$1" "$2" | awk -v f="${3:-%.0f}" '{printf "%s" f, (NR>1?" / ":""), $1}'; }
# CPU µs per request of a set of columns, per round -> one value per line
cpu_us() { # target col [col...]
  local t=$1; shift
  awk -F'\t' -v t="$t" -v cols="$*" -v tick="$TICK" 'BEGIN{n=split(cols,c," ")}
    $1==t {s=0; for (i=1;i<=n;i++) s+=$(c[i]); printf "%.1f\n", s*1e6/tick/$6}' "$RESULTS"
}
cpu_med() { cpu_us "$@" | median | awk '{printf "%.1f", $1}'; }
cpu_spread() { cpu_us "$@" | sort -g | awk 'NR==1{lo=$1} {hi=$1} END{printf "%.1f–%.1f", lo, hi}'; }
cpu_rounds() { cpu_us "$@" | awk '{printf "%s%s", (NR>1?" / ":""), $1}'; }
cores_med() { # target col -> median cores the process used during the runs (CPU seconds / wall seconds)
  awk -F'\t' -v t="$1" -v k="$2" -v tick="$TICK" '$1==t && $23>0 {printf "%.2f\n", $k/tick/$23}' "$RESULTS" | median |
    awk '{printf "%.2f", $1}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }'; }
fmt_rps() { printf '%.0f' "$1"; }

serving_cols() { # target -> ticks columns of its serving process
  case $1 in edge-*) echo 19 ;; gateway) echo 15 ;; floor-*) echo 22 ;; esac
}
stack_cols() { # target -> ticks columns of its whole serving stack
  case $1 in edge-*) echo "17 18 19" ;; gateway) echo 15 ;; floor-*) echo "20 21 22" ;; esac
}
label() {
  case $1 in
    edge-proxy) echo "edge worker, wrangler's port (proxy workerd → worker workerd)" ;;
    edge-direct) echo "edge worker, worker workerd's own entry socket" ;;
    gateway) echo "gateway (JVM, L1)" ;;
    floor-static) echo "floor: empty worker, worker workerd direct" ;;
    floor-cache) echo "floor: one Cache API match + body read, worker workerd direct" ;;
  esac
}

TOTAL_RELOADS=$(awk -F'\t' '{s+=$11} END{print s+0}' "$RESULTS")
mkdir -p "$(dirname "$REPORT")"
{
  echo "# Edge worker hit path in wrangler dev (local workerd) vs the gateway ($DATE)"
  echo
  echo "One run of \`bench/edge-hit.sh\`: origin-sim, the gateway, \`wrangler dev\` (Node + two workerd processes) and wrk"
  echo "all on this machine; every request is a warm hit on \`GET $HIT_PATH\`. Each cell is the median of $ROUNDS rounds of"
  echo "\`wrk -t$THREADS -c$CONNS -d$DURATION --latency\` (rounds alternate the order of the targets), after a $WARMUP warm-up"
  echo "per target; spread is min–max over the rounds. **For information, not a goal:** \`wrangler dev\` is a development"
  echo "server (see \"What serves the edge requests\"), so none of this says anything about Cloudflare's production edge."
  echo
  if [ "$LOAD_QUIET" = 0 ]; then
    echo "> **The machine never got quiet: the 1-minute load average stayed at or above $LOAD_MAX for the whole"
    echo "> ${LOAD_WAIT_MAX_S} s wait, and the run measured anyway.** Other work competed for the same $(nproc) cores; see the"
    echo "> \"other\" column below."
    echo
  fi
  if [ "$TOTAL_RELOADS" != 0 ] || [ "$SRC_BEFORE" != "$SRC_AFTER" ]; then
    echo "> **edge-worker/ changed during the run** (wrangler reloads: $TOTAL_RELOADS; source fingerprint $SRC_BEFORE → $SRC_AFTER):"
    echo "> rounds with reloads measured a restarting worker."
    echo
  fi
  echo "Load average: at start \`$LOAD_START\` (after waiting ${LOAD_WAITED} s for the 1-minute value to drop below $LOAD_MAX),"
  echo "before the rounds (after the warm-ups) \`$LOAD_BEFORE\`, after \`$LOAD_AFTER\`."
  echo
  echo "| target | req/s (median) | min–max | p50 ms | p99 ms | serving process CPU µs/request | serving process cores busy | whole stack CPU µs/request | socket errors | non-2xx | origin requests | gateway requests |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for t in $TARGETS; do
    printf '| %s | %s | %s | %s | %s | %s (%s) | %s | %s (%s) | %s | %s | %s | %s |\n' "$(label "$t")" \
      "$(fmt_rps "$(med "$t" 3)")" "$(spread "$t" 3)" "$(med "$t" 4)" "$(med "$t" 5)" \
      "$(cpu_med "$t" $(serving_cols "$t"))" "$(cpu_spread "$t" $(serving_cols "$t"))" "$(cores_med "$t" $(serving_cols "$t"))" \
      "$(cpu_med "$t" $(stack_cols "$t"))" "$(cpu_spread "$t" $(stack_cols "$t"))" \
      "$(sumcol "$t" 7)" "$(sumcol "$t" 8)" "$(sumcol "$t" 9)" \
      "$(case $t in edge-*) sumcol "$t" 10 ;; *) echo "—" ;; esac)"
  done
  echo
  echo "CPU is utime+stime from \`/proc/<pid>/stat\` over each run divided by the run's requests (median, min–max in"
  echo "brackets). \"Serving process\": the worker's workerd for the edge and floor targets, the JVM for the gateway."
  echo "\"Whole stack\": wrangler's Node process + proxy workerd + worker workerd for edge and floor; the JVM for the"
  echo "gateway. \"Cores busy\": the serving process's CPU seconds over the run's wall seconds (median): a workerd"
  echo "runs an isolate on one thread at a time, so about 1.0 there means that process was the bottleneck."
  echo "Socket errors are wrk's connect/read/write/timeout counts (per round below; wrk's timeout is 2 s)."
  echo "origin-sim's requests are counted from \`/__sim/stats\` (reset before each run); the gateway's from its"
  echo "\`tiergate_requests_total\` during the edge runs (0: every edge request was answered by the worker itself)."
  echo
  EP=$(med edge-proxy 3); ED=$(med edge-direct 3); GWR=$(med gateway 3)
  echo "**Ratios** (medians):"
  echo
  echo "| | edge via wrangler's port | edge direct to workerd |"
  echo "|---|---:|---:|"
  echo "| gateway req/s ÷ edge req/s | $(ratio "$GWR" "$EP") | $(ratio "$GWR" "$ED") |"
  echo "| edge serving-process CPU/request ÷ gateway JVM CPU/request | $(ratio "$(cpu_med edge-proxy 19)" "$(cpu_med gateway 15)") | $(ratio "$(cpu_med edge-direct 19)" "$(cpu_med gateway 15)") |"
  echo "| edge whole-stack CPU/request ÷ gateway JVM CPU/request | $(ratio "$(cpu_med edge-proxy 17 18 19)" "$(cpu_med gateway 15)") | $(ratio "$(cpu_med edge-direct 17 18 19)" "$(cpu_med gateway 15)") |"
  if [ "$FLOOR" = 1 ]; then
    echo
    echo "Worker workerd CPU/request, edge direct minus the floors (medians; what Tiergate's own code adds on top"
    echo "of the dev server, roughly): $(awk -v a="$(cpu_med edge-direct 19)" -v b="$(cpu_med floor-static 22)" -v c="$(cpu_med floor-cache 22)" \
      'BEGIN{printf "%.1f µs over the empty worker, %.1f µs over the Cache-API-only worker", a-b, a-c}')."
  fi
  echo
  echo "## Per round"
  echo
  echo "CPU columns in µs per request: **worker** = the worker's workerd, **proxy** = wrangler's proxy workerd,"
  echo "**node** = wrangler's Node process, **JVM** = the gateway. \"busy\" is the whole machine's CPU use over the run (all"
  echo "$(nproc) cores = 100%); \"other\" the part of it that none of the measured processes nor wrk used (other people's"
  echo "work, kernel softirq for loopback traffic)."
  echo
  echo "| target | round | req/s | p50 ms | p99 ms | requests | socket errors c/r/w/t | non-2xx | origin | gateway | worker | proxy | node | JVM | busy % | other % | reloads |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for t in $TARGETS; do
    case $t in floor-*) w=22 p=21 n=20 ;; *) w=19 p=18 n=17 ;; esac
    awk -F'\t' -v t="$t" -v w="$w" -v p="$p" -v n="$n" -v tick="$TICK" -v lab="$t" '$1==t {
      us = 1e6 / tick / $6
      printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %s | %s | %s |\n",
        lab, $2, $3, $4, $5, $6, $24, $8, $9, (t ~ /^edge/ ? $10 : "—"), $w*us, $p*us, $n*us, $15*us, $12, $13, $11 }' "$RESULTS"
  done
  echo
  echo "## What serves the edge requests"
  echo
  echo "\`wrangler dev\` (wrangler $(cd edge-worker && node -p 'require("./node_modules/wrangler/package.json").version'), miniflare"
  echo "$(cd edge-worker && node -p 'require("./node_modules/miniflare/package.json").version')) runs two Miniflare instances, each a workerd process, under one Node process:"
  echo
  echo '```'
  echo "$EDGE_SESSION_TXT"
  echo '```'
  echo
  echo "- The port wrangler prints ($EDGE_PORT) is a socket of the **proxy workerd** (pid $EDGE_PROXY_PID; wrangler's ProxyWorker,"
  echo "  behind Miniflare's entry worker), which forwards each request over loopback HTTP to the **worker workerd** (pid"
  echo "  $EDGE_WORKER_PID; Miniflare's entry worker, then \`edge-worker/src/worker.js\`; the Cache API is Miniflare's"
  echo "  simulation, a Durable Object in that process with its data under \`--persist-to\`)."
  echo "- **Node does not carry the request or response bytes** (it listens only on loopback control ports), but it is on"
  echo "  the per-request path all the same: the proxy instance logs every request (\`[wrangler:info] GET $HIT_PATH 200 OK\`),"
  echo "  which its entry worker POSTs to Node over loopback in \`waitUntil\`, after the response. That is the \"node\" CPU"
  echo "  of the edge-proxy rows (and part of the proxy workerd's). \`WRANGLER_LOG_LEVEL=warn\` removes the log"
  echo "  (not measured here unless set: this run used \`${WRANGLER_LOG_LEVEL:-the default (info)}\`)."
  echo "- **edge-direct** sends wrk straight to the worker workerd's entry socket ($EDGE_DIRECT_PORT, found by asking each socket"
  echo "  of pid $EDGE_WORKER_PID for $HIT_PATH), skipping the proxy workerd and the request log: the closest this machine gets"
  echo "  to \"the worker in workerd\". Its Host differs, so it is a cache family of its own, primed the same way."
  if [ "$FLOOR" = 1 ]; then
    echo "- **floor-static / floor-cache**: a second \`wrangler dev\` running a generated worker (no Tiergate code) that answers"
    echo "  the same 120-byte JSON, either at once or after one \`caches.default.match\` of a ${FLOOR_BYTES}-byte entry and reading"
    echo "  its body (what an edge hit does with the Cache API), measured on its worker workerd's own socket like"
    echo "  edge-direct. The difference to edge-direct is, roughly, what Tiergate's worker code costs in this runtime."
    echo "  Its processes:"
    echo
    echo '```'
    echo "$FLOOR_SESSION_TXT"
    echo '```'
  fi
  echo
  echo "Cache-Status checked before the rounds: edge via wrangler's port \`$EDGE_HIT_STATUS\`, edge direct"
  echo "\`$EDGE_DIRECT_STATUS\`, gateway \`$GW_HIT_STATUS\`; after: \`$EDGE_HIT_AFTER\` / \`$EDGE_DIRECT_AFTER\` / \`$GW_HIT_AFTER\`."
  echo "Body: $HIT_BYTES bytes. The policy is [\`$POLICY\`](../$(basename "$POLICY")) for the gateway and its compiled form for the"
  echo "worker (route \`products\`: \`/api/products/**\`, \`ttl: 10m\`, so nothing expires mid-run; no segment, no rate limit)."
  echo "Not \`policies/example.yaml\`: its \`product\` route limits each client IP to 50 requests/s (burst 100), so wrk"
  echo "against the gateway gets 429s, and it keeps the origin's \`max-age=30\`, so entries go stale during the rounds."
  echo
  echo "## Machine"
  echo
  echo '```'
  echo "nproc: $(nproc)   cpu: $(lscpu 2>/dev/null | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2; exit}')   kernel: $(uname -r)"
  echo "memory: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  java -version 2>&1
  echo "node $(node --version)   workerd $(edge-worker/node_modules/.bin/workerd --version 2>/dev/null || echo n/a)"
  { wrk -v 2>&1 || true; } | head -1
  echo "git HEAD: $(git rev-parse --short HEAD 2>/dev/null || echo n/a)   edge-worker/src + bindings.json fingerprint: $SRC_BEFORE (after: $SRC_AFTER)"
  echo "loadavg at start: $LOAD_START   before rounds: $LOAD_BEFORE   after: $LOAD_AFTER"
  echo '```'
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "$COMPILE_CMD"
  echo "$ORIGIN_CMD"
  echo "$GW_CMD"
  echo "$EDGE_CMD"
  [ "$FLOOR" = 1 ] && echo "(cd edge-worker && WRANGLER_SEND_METRICS=false setsid npx wrangler dev --port $FLOOR_PORT --ip 127.0.0.1 --inspector-port $FLOOR_INSPECT --show-interactive-dev-session=false ${LOG_LEVEL_ARGS[*]} --config <tmp>/floor/wrangler.jsonc --persist-to <tmp>/floor-state)" | sed 's/  / /g'
  for t in $TARGETS; do
    echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency $(target_url "$t")"
  done
  echo "# before each run: curl -X POST $ORIGIN/__sim/reset; after it: curl $ORIGIN/__sim/stats (origin requests)"
  echo "# around each run: /proc/<pid>/stat (utime+stime) of every process above, /proc/stat, bash 'times' for wrk"
  echo '```'
  echo
  echo "Gateway counters at the end (the edge's priming misses went to the gateway; a \`revalidate\` there is the"
  echo "worker's upstream fetch: \`fetch(..., { cache: \"no-store\" })\` makes workerd add \`Cache-Control: no-cache\` and"
  echo "\`Pragma: no-cache\` to the request, as the Fetch standard says, so the gateway revalidates instead of serving its L1):"
  echo
  echo '```'
  echo "$GW_METRICS"
  echo '```'
  echo
  echo "## Caveats"
  echo
  echo "- **Development server, not the edge.** Local workerd under \`wrangler dev\` has a proxy hop, a request log, a"
  echo "  V8 inspector port open for wrangler, and a Cache API simulated by a Durable Object over SQLite and files. On"
  echo "  Cloudflare the Cache API is the colo's cache, isolates run on many machines, and no proxy worker or log"
  echo "  POST exists. Compare edge-direct with the floors, not with production numbers."
  echo "- $(nproc) cores shared by wrk, the serving stack, the idle rest of it and whatever else runs on the machine (see"
  echo "  \"other\"): expect wide error bars, compare the per-round numbers, and treat differences under ~20% as noise."
  echo "- wrk saturates: req/s is throughput while the load generator competes for the same cores; latencies are at"
  echo "  saturation, not at a fixed rate (no coordinated-omission correction)."
  echo "- One hot key, 120-byte body: per-request overhead of the hit path, not cache capacity or large bodies. The"
  echo "  JVM runs with default flags after a $WARMUP warm-up; workerd's isolate gets the same warm-up."
} >"$REPORT"

log "report written to $REPORT"
sed -n '1,30p' "$REPORT" >&2
