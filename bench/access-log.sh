#!/usr/bin/env bash
# What the access log costs on the hit path: two gateways on the same origin-sim, one without the log and
# one writing every request to a file, measured in alternating rounds of wrk on the same warm hit, with
# the JVM's CPU per request. Writes bench/reports/access-log-<date>.md. See bench/README.md.
#
# Environment knobs (defaults in brackets):
#   DURATION [10s]  each measured wrk run     WARMUP [15s]  warm-up per gateway (not recorded)
#   THREADS [2]     wrk -t                    CONNS [32]    wrk -c
#   ROUNDS [5]      measured rounds           BASE_PORT [24080]  origin-sim, then two gateways with admin ports
#   REPORT [bench/reports/access-log-<date>.md]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-5}
BASE_PORT=${BASE_PORT:-24080}
DATE=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/reports/access-log-$DATE.md}
HIT_PATH=/api/products/1
ORIGIN_PORT=$BASE_PORT
WORK=$(mktemp -d /tmp/tiergate-access-log.XXXXXX)
PIDS=()
TICK=$(getconf CLK_TCK)

BENCH=access-log
# shellcheck source=lib.sh
. bench/lib.sh
require_tools java wrk curl awk
require_jars
stop_on_exit

# The bench policy, and the same with every request logged to a file.
cp bench/bench-policy.yaml "$WORK/off.yaml"
sed "s#^server: { \(.*\) }#server: { \1, accessLog: { target: $WORK/access.log } }#" bench/bench-policy.yaml >"$WORK/on.yaml"
grep -q accessLog "$WORK/on.yaml" || die "could not add accessLog to the bench policy's server line"

java -jar origin-sim/target/origin-sim.jar --port "$ORIGIN_PORT" >"$WORK/origin.log" 2>&1 &
PIDS+=($!)
declare -A PORT PID
for variant in off on; do
  offset=$([ "$variant" = off ] && echo 1 || echo 3)
  PORT[$variant]=$((BASE_PORT + offset))
  java -jar gateway/target/tiergate.jar run --policy "$WORK/$variant.yaml" --port "${PORT[$variant]}" \
    --admin-port $((BASE_PORT + offset + 1)) --origin "http://127.0.0.1:$ORIGIN_PORT" >"$WORK/gateway-$variant.log" 2>&1 &
  PID[$variant]=$!
  PIDS+=("${PID[$variant]}")
done
wait_http "http://127.0.0.1:$ORIGIN_PORT/__sim/health" origin-sim
for variant in off on; do
  wait_http "http://127.0.0.1:$((PORT[$variant] + 1))/health" "gateway ($variant)"
  curl -s -o /dev/null "http://127.0.0.1:${PORT[$variant]}$HIT_PATH"
  log "warming the gateway with the log $variant"
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:${PORT[$variant]}$HIT_PATH" >/dev/null
done
STATUS_OFF=$(curl -s -D - -o /dev/null "http://127.0.0.1:${PORT[off]}$HIT_PATH" | tr -d '\r' | awk -F': ' 'tolower($1)=="cache-status"{print $2}')
STATUS_ON=$(curl -s -D - -o /dev/null "http://127.0.0.1:${PORT[on]}$HIT_PATH" | tr -d '\r' | awk -F': ' 'tolower($1)=="cache-status"{print $2}')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ROWS=()
for round in $(seq "$ROUNDS"); do
  order="off on"
  [ $((round % 2)) -eq 0 ] && order="on off"
  for variant in $order; do
    before=$(cpu_ticks "${PID[$variant]}")
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "http://127.0.0.1:${PORT[$variant]}$HIT_PATH" >"$WORK/wrk.txt"
    after=$(cpu_ticks "${PID[$variant]}")
    requests=$(awk '/requests in/{print $1}' "$WORK/wrk.txt")
    rps=$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$WORK/wrk.txt")
    cpu_us=$(awk -v t=$((after - before)) -v hz="$TICK" -v n="$requests" 'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
    ROWS+=("$variant $round $rps $cpu_us ${non2xx:-0}")
    log "round $round, log $variant: $rps req/s, $cpu_us µs CPU/request"
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
LINES=$(wc -l <"$WORK/access.log")

# Median and min–max of a column (3 = req/s, 4 = CPU) for one variant.
stat() { # variant column
  printf '%s\n' "${ROWS[@]}" | awk -v v="$1" -v c="$2" '$1 == v { print $c }' | sort -g | awk '
    { x[NR] = $1 } END { m = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2; printf "%.1f|%.1f–%.1f", m, x[1], x[NR] }'
}
RPS_OFF=$(stat off 3); RPS_ON=$(stat on 3); CPU_OFF=$(stat off 4); CPU_ON=$(stat on 4)
ratio() { awk -v a="${1%%|*}" -v b="${2%%|*}" 'BEGIN { printf "%.3f", a / b }'; }

mkdir -p "$(dirname "$REPORT")"
{
  echo "# What the access log costs on the hit path ($DATE)"
  echo
  echo "One run of \`bench/access-log.sh\`: two gateways on one origin-sim, the same policy"
  echo "([\`bench/bench-policy.yaml\`](../bench-policy.yaml)), one of them with \`server.accessLog\` writing every request"
  echo "to a file. $ROUNDS alternating rounds of \`wrk -t$THREADS -c$CONNS -d$DURATION\` on a warm L1 hit (\`$HIT_PATH\`) after a"
  echo "$WARMUP warm-up each. CPU per request is the JVM's utime+stime (\`/proc/<pid>/stat\`) over the run's requests."
  echo "Median (min–max) over the rounds; never a best round."
  echo
  echo "| gateway | req/s | CPU µs/request |"
  echo "|---|---:|---:|"
  echo "| access log off | ${RPS_OFF%%|*} (${RPS_OFF#*|}) | ${CPU_OFF%%|*} (${CPU_OFF#*|}) |"
  echo "| access log on, to a file | ${RPS_ON%%|*} (${RPS_ON#*|}) | ${CPU_ON%%|*} (${CPU_ON#*|}) |"
  echo
  echo "Ratios of the medians: req/s on ÷ off **$(ratio "$RPS_ON" "$RPS_OFF")**, CPU per request on ÷ off **$(ratio "$CPU_ON" "$CPU_OFF")**."
  echo "The log file holds $LINES lines at the end (every request of the warm-up and the rounds, unless the"
  echo "appender's queue was full and dropped some)."
  echo
  echo "## Per round"
  echo
  echo "| log | round | req/s | CPU µs/request | non-2xx |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}" | awk '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
  echo
  echo "Cache-Status checked: off \`$STATUS_OFF\`, on \`$STATUS_ON\`. Load average before the rounds \`$LOAD_BEFORE\`,"
  echo "after \`$LOAD_AFTER\`. Machine: $(nproc) cores, $(java -version 2>&1 | head -1), git HEAD $(git rev-parse --short HEAD)."
  echo "wrk, both gateways and origin-sim share the 2 cores: read the ratio, not the absolute numbers, and treat a"
  echo "difference under the rounds' spread as noise."
} >"$REPORT"
log "wrote $REPORT"
