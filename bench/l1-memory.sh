#!/usr/bin/env bash
# What an L1 entry really costs: fills a gateway's L1 with ENTRIES distinct responses from origin-sim,
# measures the live heap before and after with a full GC (jcmd GC.class_histogram), and sets the
# measured bytes per entry beside what the L1 weigher counts (/stats l1.bytes), with the classes that
# grew. A diagnostic, not a timing: the numbers repeat to within a few bytes per entry. Writes
# bench/reports/l1-memory-<date>.md. See bench/README.md.
#
# Environment knobs (defaults in brackets):
#   ENTRIES [100000]  distinct entries to store     BODY [1024]   body bytes of each
#   HEAP [2g]         the gateway's -Xmx            BASE_PORT [23080]  origin-sim, gateway, admin = BASE..BASE+2
#   REPORT [bench/reports/l1-memory-<date>.md]
set -euo pipefail
cd "$(dirname "$0")/.."

ENTRIES=${ENTRIES:-100000}
BODY=${BODY:-1024}
HEAP=${HEAP:-2g}
BASE_PORT=${BASE_PORT:-23080}
ORIGIN_PORT=$BASE_PORT
GW_PORT=$((BASE_PORT + 1))
ADMIN_PORT=$((BASE_PORT + 2))
DATE=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/reports/l1-memory-$DATE.md}
WORK=$(mktemp -d /tmp/tiergate-l1-memory.XXXXXX)
PIDS=()

BENCH=l1-memory
# shellcheck source=lib.sh
. bench/lib.sh
require_tools java jcmd wrk curl awk
require_jars

stop_on_exit

GW_CMD="java -Xmx$HEAP -jar gateway/target/tiergate.jar run --policy bench/memory-policy.yaml --port $GW_PORT --admin-port $ADMIN_PORT --origin http://127.0.0.1:$ORIGIN_PORT"
java -jar origin-sim/target/origin-sim.jar --port "$ORIGIN_PORT" >"$WORK/origin.log" 2>&1 &
PIDS+=($!)
$GW_CMD >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")
wait_http "http://127.0.0.1:$ORIGIN_PORT/__sim/health" origin-sim
wait_http "http://127.0.0.1:$ADMIN_PORT/health" gateway

stats() { curl -s "http://127.0.0.1:$ADMIN_PORT/stats"; }
json_number() { # field path such as l1.entries
  stats | tr -d ' \n' | awk -v path="$1" '
    BEGIN { split(path, p, "."); }
    { i = index($0, "\"" p[1] "\":{"); s = substr($0, i); j = index(s, "\"" p[2] "\":"); s = substr(s, j + length(p[2]) + 3);
      sub(/[,}].*/, "", s); print s }'
}
# The live heap after a full GC, in bytes (the histogram's last line), and the per-class table.
histogram() { # file
  jcmd "$GW_PID" GC.class_histogram >"$1"
  awk '/^Total/ { print $3 }' "$1"
}

log "warming the gateway's paths with one URL"
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$GW_PORT/sim/respond/warm?size=$BODY"; done
BEFORE=$(histogram "$WORK/before.txt")
ENTRIES_BEFORE=$(json_number l1.entries)
WEIGHT_BEFORE=$(json_number l1.bytes)

log "filling L1 with $ENTRIES entries of $BODY body bytes"
for round in $(seq 30); do
  ENTRIES=$ENTRIES BODY=$BODY THREADS=2 wrk -t2 -c16 -d5s -s bench/fill-unique.lua "http://127.0.0.1:$GW_PORT" >"$WORK/wrk-$round.txt" 2>&1
  held=$(json_number l1.entries)
  log "round $round: l1 holds $held entries"
  [ "$held" -ge $((ENTRIES + ENTRIES_BEFORE)) ] && break
done
HELD=$(json_number l1.entries)
WEIGHT=$(json_number l1.bytes)
AFTER=$(histogram "$WORK/after.txt")
STORED=$((HELD - ENTRIES_BEFORE))
[ "$STORED" -gt 0 ] || die "nothing was stored (logs in $WORK)"

MEASURED=$(((AFTER - BEFORE) / STORED))
WEIGHED=$(((WEIGHT - WEIGHT_BEFORE) / STORED))
RATIO=$(awk -v w="$WEIGHED" -v m="$MEASURED" 'BEGIN { printf "%.2f", w / m }')
SAMPLE=$(curl -s -D - -o /dev/null "http://127.0.0.1:$GW_PORT/sim/respond/mem/1/1?size=$BODY" | tr -d '\r')
HEADER_BYTES=$(printf '%s\n' "$SAMPLE" | awk -F': ' 'NR > 1 && NF > 1 { n += length($1) + length($2) } END { print n }')

# Per class: bytes after minus bytes before, the 15 that grew most.
awk 'FNR == 1 { f++ } /^ *[0-9]+:/ { bytes = $3; name = $4; if (f == 1) before[name] = bytes; else after[name] = bytes }
  END { for (n in after) { d = after[n] - before[n]; if (d > 0) printf "%d %s\n", d, n } }' \
  "$WORK/before.txt" "$WORK/after.txt" | sort -rn | head -15 >"$WORK/growth.txt"

mkdir -p "$(dirname "$REPORT")"
{
  echo "# What an L1 entry costs ($DATE)"
  echo
  echo "One run of \`bench/l1-memory.sh\`: $STORED distinct responses of $BODY body bytes stored in the L1 of one"
  echo "gateway (\`-Xmx$HEAP\`, default collector) from origin-sim. Live heap after a full GC"
  echo "(\`jcmd GC.class_histogram\`) before and after the fill; the weigher's total from \`/stats\` (\`l1.bytes\`)."
  echo
  echo "| | bytes per entry |"
  echo "|---|---:|"
  echo "| measured: live heap growth / entries | $MEASURED |"
  echo "| weighed: the L1 weigher's total / entries | $WEIGHED |"
  echo "| weighed ÷ measured | $RATIO |"
  echo "| body | $BODY |"
  echo "| response header bytes as a client sees them (names + values) | $HEADER_BYTES |"
  echo "| measured beyond body and those header bytes | $((MEASURED - BODY - HEADER_BYTES)) |"
  echo
  echo "Live heap: $BEFORE bytes before, $AFTER after; L1 held $ENTRIES_BEFORE entries before, $HELD after."
  echo
  echo "## The classes that grew"
  echo
  echo "| bytes | per entry | class |"
  echo "|---:|---:|---|"
  awk -v n="$STORED" '{ printf "| %d | %.1f | `%s` |\n", $1, $1 / n, $2 }' "$WORK/growth.txt"
  echo
  echo "## A stored response's headers (as served on a hit)"
  echo
  echo '```'
  printf '%s\n' "$SAMPLE"
  echo '```'
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "java -jar origin-sim/target/origin-sim.jar --port $ORIGIN_PORT"
  echo "$GW_CMD"
  echo "ENTRIES=$ENTRIES BODY=$BODY THREADS=2 wrk -t2 -c16 -d5s -s bench/fill-unique.lua http://127.0.0.1:$GW_PORT  # until l1.entries is reached"
  echo "jcmd <gateway pid> GC.class_histogram   # before and after"
  echo '```'
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), git HEAD $(git rev-parse --short HEAD)."
} >"$REPORT"
log "wrote $REPORT: measured $MEASURED B/entry, weighed $WEIGHED B/entry (ratio $RATIO)"
