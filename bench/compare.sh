#!/usr/bin/env bash
# Tiergate, nginx proxy_cache and Varnish side by side in front of the same origin-sim, in one run on
# this machine: for every case, req/s, p50, p99 and the CPU each proxy's processes used per request,
# over ROUNDS rounds in alternating order. Writes bench/reports/compare-<date>.md. See bench/README.md.
#
# Environment knobs (defaults in brackets):
#   DURATION [15s]   each measured wrk run            WARMUP [10s]   warm-up per target and case (not recorded)
#   THREADS [1]      wrk -t                           CONNS [64]     wrk -c
#   ROUNDS [5]       measured rounds; odd rounds run the targets in one order, even rounds in the reverse
#   CASES [all]      which cases, e.g. CASES="hit miss" (names in the table in bench/README.md)
#   ZIPF_S [1.0]     Zipf exponent of hit-zipf        SEED [42]      seed of the key sequences
#   PROFILE [0]      1 = after the rounds, JFR-profile Tiergate's hit and miss runs (not measured figures)
#   LOAD_MAX [1.5]   wait (every 15 s, at most LOAD_WAIT_MAX_S [600] s) for the 1-minute load average to
#                    drop below this before starting; LOAD_WAIT=0 skips the wait
#   BUILD [0]        1 = build the jars first         JAVA_OPTS []   extra JVM flags for Tiergate
#   REPORT [bench/reports/compare-<date>.md, or /tmp/compare-smoke-<date>.md for a smoke run: ROUNDS < 5
#          or DURATION under 10 s; a smoke run's report says so at the top]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-1}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-5}
ALL_CASES="hit hit-uniform hit-zipf hit-64k hit-close miss miss-64k hot-miss l1-1k l2-1k"
CASES=${CASES:-$ALL_CASES}
ZIPF_S=${ZIPF_S:-1.0}
SEED=${SEED:-42}
PROFILE=${PROFILE:-0}
LOAD_MAX=${LOAD_MAX:-1.5}
LOAD_WAIT=${LOAD_WAIT:-1}
LOAD_WAIT_MAX_S=${LOAD_WAIT_MAX_S:-600}
BUILD=${BUILD:-0}
JAVA_OPTS=${JAVA_OPTS:-}
TTL_SECONDS=3600    # longer than any run: nothing expires mid-run
DATE=$(date -u +%Y-%m-%d)
seconds_of() { awk -v d="$1" 'BEGIN{ n = d + 0; if (d ~ /ms$/) n /= 1000; else if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print n }'; }
SMOKE=0
if [ "$ROUNDS" -lt 5 ] || awk -v s="$(seconds_of "$DURATION")" 'BEGIN{exit !(s < 10)}'; then SMOKE=1; fi
if [ "$SMOKE" = 1 ]; then REPORT=${REPORT:-/tmp/compare-smoke-$DATE.md}; else REPORT=${REPORT:-bench/reports/compare-$DATE.md}; fi

BENCH=compare
# shellcheck source=lib.sh
. bench/lib.sh
# shellcheck source=compare-configs.sh
. bench/compare-configs.sh
# shellcheck source=compare-report.sh
. bench/compare-report.sh

for c in $CASES; do
  case " $ALL_CASES " in *" $c "*) ;; *) die "unknown case '$c' (cases: $ALL_CASES)" ;; esac
done
wants() { case " $CASES " in *" $1 "*) return 0 ;; esac; return 1; }
NEED_REDIS=0
wants l2-1k && NEED_REDIS=1

# ---------------------------------------------------------------- prerequisites (never installs)
TOOLS=(java wrk nginx varnishd varnishstat curl awk ss)
[ "$NEED_REDIS" = 1 ] && TOOLS+=(redis-server)
[ "$PROFILE" = 1 ] && TOOLS+=(jcmd jfr)
require_tools "${TOOLS[@]}"
if [ "$BUILD" = 1 ]; then
  log "building jars (mvn -B -q -ntp -DskipTests package)"
  mvn -B -q -ntp -DskipTests package || die "maven build failed"
fi
require_jars

# ---------------------------------------------------------------- a quiet machine first
wait_for_quiet

# ---------------------------------------------------------------- processes (killed by PID on exit)
WORK=$(mktemp -d /tmp/tiergate-compare.XXXXXX)
PIDS=()
stop_on_exit
# nginx and varnishd drop privileges when started as root: their trees must be traversable.
chmod 755 "$WORK"

ORIGIN_PORT=$(free_port)
GW_PORT=$(free_port)
ADMIN_PORT=$(free_port)
NGINX_PORT=$(free_port)
ROOF_PORT=$(free_port)
VARNISH_PORT=$(free_port)
ORIGIN=http://127.0.0.1:$ORIGIN_PORT

ORIGIN_CMD="java -jar origin-sim/target/origin-sim.jar --port $ORIGIN_PORT"
log "starting origin-sim on $ORIGIN_PORT"
$ORIGIN_CMD >"$WORK/origin-sim.log" 2>&1 &
ORIGIN_PID=$!
PIDS+=("$ORIGIN_PID")

REDIS_ARGS=()
REDIS_CMD=""
if [ "$NEED_REDIS" = 1 ]; then
  REDIS_PORT=$(free_port)
  REDIS_CMD="redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no"
  log "starting redis-server on $REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  REDIS_ARGS=(--redis "redis://127.0.0.1:$REDIS_PORT")
fi

# shellcheck disable=SC2206 # JAVA_OPTS is a list of flags
GW_ARGV=(java $JAVA_OPTS -jar gateway/target/tiergate.jar run --policy bench/compare-policy.yaml --port "$GW_PORT"
  --admin-port "$ADMIN_PORT" --origin "$ORIGIN" "${REDIS_ARGS[@]}")
GW_CMD="${GW_ARGV[*]}"
log "starting tiergate on $GW_PORT (admin $ADMIN_PORT)"
"${GW_ARGV[@]}" >"$WORK/tiergate.log" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")

mkdir -p "$WORK/nginx/logs" "$WORK/roof"
chmod 755 "$WORK/nginx" "$WORK/roof"
head -c 1024 /dev/zero | tr '\0' 'x' >"$WORK/roof/1k.bin"
head -c 65536 /dev/zero | tr '\0' 'x' >"$WORK/roof/64k.bin"
chmod 644 "$WORK/roof/"*.bin
write_nginx_conf "$WORK/nginx/nginx.conf" "$WORK/nginx" "$ORIGIN_PORT" "$NGINX_PORT" "$ROOF_PORT" "$WORK/roof" "$TTL_SECONDS"
nginx -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx-t.log" 2>&1 \
  || { cat "$WORK/nginx-t.log" >&2; die "generated nginx config is invalid"; }
NGINX_CMD="nginx -c <tmp>/nginx/nginx.conf -p <tmp>/nginx"
log "starting nginx on $NGINX_PORT (roof: nginx serving files on $ROOF_PORT)"
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")

mkdir -p "$WORK/varnish"
chmod 755 "$WORK/varnish"
write_vcl "$WORK/varnish/bench.vcl" "$ORIGIN_PORT" "$TTL_SECONDS"
chmod 644 "$WORK/varnish/bench.vcl"
VARNISH_ARGV=(varnishd -F -n "$WORK/varnish/state" -a "127.0.0.1:$VARNISH_PORT" -T 127.0.0.1:0
  -f "$WORK/varnish/bench.vcl" -s malloc,1g)
VARNISH_CMD="varnishd -F -n <tmp>/varnish/state -a 127.0.0.1:$VARNISH_PORT -T 127.0.0.1:0 -f <tmp>/varnish/bench.vcl -s malloc,1g"
log "starting varnishd on $VARNISH_PORT"
"${VARNISH_ARGV[@]}" >"$WORK/varnish.log" 2>&1 &
VARNISH_PID=$!
PIDS+=("$VARNISH_PID")

wait_http "$ORIGIN/__sim/health" origin-sim
wait_http "http://127.0.0.1:$ADMIN_PORT/health" tiergate
wait_http "http://127.0.0.1:$NGINX_PORT/__sim/health" nginx
wait_http "http://127.0.0.1:$ROOF_PORT/1k.bin" "nginx (roof)"
wait_http "http://127.0.0.1:$VARNISH_PORT/__sim/health" varnish

declare -A BASE=([tiergate]="http://127.0.0.1:$GW_PORT" [nginx]="http://127.0.0.1:$NGINX_PORT"
  [varnish]="http://127.0.0.1:$VARNISH_PORT" [roof]="http://127.0.0.1:$ROOF_PORT" [origin]="$ORIGIN")
declare -A ROOT_PID=([tiergate]=$GW_PID [nginx]=$NGINX_PID [varnish]=$VARNISH_PID [roof]=$NGINX_PID
  [origin]=$ORIGIN_PID)

# ---------------------------------------------------------------- the cases
HIT_Q='?cache-control=public,+max-age=30&size='
MISS_Q='?cache-control=no-store&size='
# Sets, for one case: C_TARGETS (in round-1 order), C_PATH (one URL) or C_PREFIX/C_QUERY/C_KEYS/C_DIST
# (bench/keys.lua), C_HEADER (an extra request header), C_EXPECT (hit, l2 or miss), C_BYTES (body size).
case_spec() {
  C_TARGETS="tiergate nginx varnish"; C_PATH=""; C_PREFIX=""; C_QUERY=""; C_KEYS=0; C_DIST=""; C_HEADER=""
  C_EXPECT=hit; C_BYTES=1024
  case $1 in
    hit) C_TARGETS+=" roof"; C_PATH="/sim/respond/hit/one$HIT_Q$C_BYTES" ;;
    hit-uniform) C_PREFIX=/sim/respond/hit/u10k/; C_KEYS=10000; C_DIST=uniform ;;
    hit-zipf) C_PREFIX=/sim/respond/hit/z10k/; C_KEYS=10000; C_DIST=zipf ;;
    hit-64k) C_TARGETS+=" roof"; C_BYTES=65536; C_PATH="/sim/respond/hit/big$HIT_Q$C_BYTES" ;;
    hit-close) C_TARGETS+=" roof"; C_HEADER="Connection: close"; C_PATH="/sim/respond/hit/close$HIT_Q$C_BYTES" ;;
    miss) C_TARGETS+=" origin"; C_EXPECT=miss; C_PREFIX=/sim/respond/pass/u/; C_DIST=unique; C_QUERY="$MISS_Q$C_BYTES" ;;
    miss-64k) C_TARGETS+=" origin"; C_EXPECT=miss; C_BYTES=65536; C_PREFIX=/sim/respond/pass/big/; C_DIST=unique; C_QUERY="$MISS_Q$C_BYTES" ;;
    hot-miss) C_EXPECT=miss; C_PATH="/sim/respond/pass/hot$MISS_Q$C_BYTES" ;;
    l1-1k) C_TARGETS=tiergate; C_PREFIX=/sim/respond/hit/k1k/; C_KEYS=1000; C_DIST=uniform ;;
    l2-1k) C_TARGETS=tiergate; C_EXPECT=l2; C_PREFIX=/sim/respond/l2/k1k/; C_KEYS=1000; C_DIST=uniform ;;
  esac
  [ -n "$C_PREFIX" ] && [ -z "$C_QUERY" ] && C_QUERY="$HIT_Q$C_BYTES"
  return 0
}

# The path a target is asked for in a case: the roof serves a file of the case's body size.
target_path() { # target
  if [ "$1" = roof ]; then
    [ "$C_BYTES" = 65536 ] && echo /64k.bin || echo /1k.bin
  else
    echo "$C_PATH"
  fi
}

# The wrk command line of one run: its words in WRK_ARGV, its environment in WRK_ENV, and both as
# shell text in WRK_TEXT (for the report).
wrk_command() { # target duration [dist-override]
  local dist=${3:-$C_DIST} url text
  WRK_ARGV=(wrk -t"$THREADS" -c"$CONNS" -d"$2" --latency)
  text="wrk -t$THREADS -c$CONNS -d$2 --latency"
  WRK_ENV=()
  if [ -n "$C_HEADER" ]; then
    WRK_ARGV+=(-H "$C_HEADER")
    text+=" -H '$C_HEADER'"
  fi
  url=${BASE[$1]}
  if [ -n "$C_PREFIX" ] && [ "$1" != roof ]; then
    WRK_ARGV+=(-s bench/keys.lua)
    text+=" -s bench/keys.lua"
    WRK_ENV=(BENCH_PREFIX="$C_PREFIX" BENCH_QUERY="$C_QUERY" BENCH_KEYS="$C_KEYS" BENCH_DIST="$dist")
    [ "$dist" = zipf ] && WRK_ENV+=(BENCH_ZIPF_S="$ZIPF_S")
    [ "$dist" = zipf ] || [ "$dist" = uniform ] && WRK_ENV+=(BENCH_SEED="$SEED")
  else
    url+=$(target_path "$1")
  fi
  WRK_ARGV+=("$url")
  WRK_TEXT=""
  local kv
  for kv in "${WRK_ENV[@]}"; do WRK_TEXT+="${kv%%=*}='${kv#*=}' "; done
  WRK_TEXT+="$text '$url'"
  return 0
}

origin_reset() { curl -s -o /dev/null -X POST "$ORIGIN/__sim/reset"; }
origin_total() { curl -s "$ORIGIN/__sim/stats" | grep -o '"total":[0-9]*' | cut -d: -f2; }

to_ms() { # wrk latency value (663.00us, 1.09ms, 1.20s, 1.00m) -> milliseconds
  awk -v v="$1" 'BEGIN{
    if (v ~ /us$/) { sub(/us$/,"",v); printf "%.3f", v/1000 }
    else if (v ~ /ms$/) { sub(/ms$/,"",v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/,"",v); printf "%.3f", v*60000 }
    else if (v ~ /s$/) { sub(/s$/,"",v); printf "%.3f", v*1000 }
    else print "nan" }'
}

TICK=$(getconf CLK_TCK)
RESULTS=$WORK/results.tsv   # round case target rps p50ms p99ms requests errors non2xx origin-requests cpu-us-per-request
ROUNDS_TSV=$WORK/rounds.tsv # round order load-before load-after
COMMANDS=$WORK/commands.txt # one line per case and target: the measured command
: >"$RESULTS"; : >"$ROUNDS_TSV"; : >"$COMMANDS"

# One wrk run of a target in the current case (case_spec first). Round 0 is a warm-up and is not
# recorded; round "p" is the profiled run (recorded in PROFILE_TSV, not with the figures).
run_wrk() { # target case round duration [dist-override]
  local target=$1 case=$2 round=$3 out pids before after origin_after
  out=$WORK/wrk-$case-$target-$round.txt
  wrk_command "$target" "$4" "${5:-}"
  sleep 1          # let the previous run's stragglers drain before counting origin requests
  origin_reset
  mapfile -t pids < <(tree_pids "${ROOT_PID[$target]}")
  before=$(cpu_ticks "${pids[@]}")
  env ${WRK_ENV[@]+"${WRK_ENV[@]}"} "${WRK_ARGV[@]}" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  after=$(cpu_ticks "${pids[@]}")
  sleep 0.2
  origin_after=$(origin_total)
  [ "$round" = 0 ] && return 0
  local rps p50 p99 reqs errs non2xx cpu
  rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
  p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
  p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
  reqs=$(awk '/requests in/{print $1}' "$out")
  errs=$(awk '/Socket errors:/{gsub(/,/,""); print $4+$6+$8+$10}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")
  cpu=$(awk -v t=$((after - before)) -v hz="$TICK" -v n="$reqs" 'BEGIN{ if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "nan" }')
  if [ "$round" = p ]; then
    printf '%s\t%s\t%s\t%s\n' "$case" "$target" "$reqs" "$cpu" >>"$PROFILE_TSV"
    return 0
  fi
  grep -qF "$case	$target	" "$COMMANDS" || printf '%s\t%s\t%s\n' "$case" "$target" "$WRK_TEXT" >>"$COMMANDS"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$case" "$target" "$rps" "$p50" "$p99" \
    "$reqs" "${errs:-0}" "${non2xx:-0}" "$origin_after" "$cpu" >>"$RESULTS"
  log "$(printf 'round %s %-11s %-8s %9s req/s %8s CPU-us/req  p50 %7s ms  p99 %8s ms  errors %s  non-2xx %s  origin %s' \
    "$round" "$case" "$target" "$rps" "$cpu" "$p50" "$p99" "${errs:-0}" "${non2xx:-0}" "$origin_after")"
}

# ---------------------------------------------------------------- cache status checks
header_of() { # url header-name [extra-header] -> that response header's value (GET)
  local extra=()
  [ -n "${3:-}" ] && extra=(-H "$3")
  curl -s -D - -o /dev/null "${extra[@]}" "$1" | tr -d '\r' | awk -v h="$(echo "$2" | tr 'A-Z' 'a-z')" \
    'BEGIN{FS=": "} tolower($1)==h {sub(/^[^:]*: /,""); print; exit}'
}

# A sample URL of the current case for a target (key 1 of a keyed case; a fresh unique URL of a miss case).
sample_url() { # target
  if [ -n "$C_PREFIX" ] && [ "$1" != roof ]; then
    local key=1
    [ "$C_DIST" = unique ] && key=check-$RANDOM
    echo "${BASE[$1]}$C_PREFIX$key$C_QUERY"
  else
    echo "${BASE[$1]}$(target_path "$1")"
  fi
}

CHECKS=$WORK/checks.tsv   # when case target what-was-read
: >"$CHECKS"
# Asks a target for the case's sample URL and dies unless the cache says what the case needs.
check_status() { # when target case
  status_is_right "$@" || die "$3 ($1): $2 answered '$STATUS_GOT' for $STATUS_URL, expected /$STATUS_WANT/"
}

# Whether a target's answer for the case's sample URL is what the case needs (STATUS_GOT: what it said).
status_is_right() { # when target case
  local when=$1 target=$2 url got age="" want
  url=$(sample_url "$target")
  case $target in
    tiergate)
      got="Cache-Status: $(header_of "$url" Cache-Status "$C_HEADER")"
      case $C_EXPECT in
        hit) want='; hit;.*tier=l1' ;;
        l2) want='; hit;.*tier=l2' ;;
        miss) want='; fwd=uri-miss;.*detail=no-store' ;;
      esac ;;
    nginx | varnish)
      got="X-Cache: $(header_of "$url" X-Cache "$C_HEADER")"
      [ "$C_EXPECT" = miss ] && want='^X-Cache: MISS$' || want='^X-Cache: HIT$'
      if [ "$target" = varnish ]; then
        age=$(header_of "$url" Age "$C_HEADER")
        got+=", Age: $age"
        [ -n "$age" ] || die "$3: varnish sent no Age header"
        want=${want%\$}
      fi ;;
    roof | origin)
      got="HTTP $(curl -s -o /dev/null -w '%{http_code}, %{size_download} bytes' "$url")"
      want="^HTTP 200, $C_BYTES bytes$" ;;
  esac
  STATUS_GOT=$got STATUS_URL=$url STATUS_WANT=$want
  [[ $got =~ $want ]] || return 1
  printf '%s\t%s\t%s\t%s\n' "$when" "$3" "$target" "$got" >>"$CHECKS"
  log "$3 $when: $target $got"
}

# Fills a cache with every key of the current (multi-key) case: wrk walks the keys in order, and is
# stopped once the origin has been asked for each of them (or after FILL_MAX_S); then the case's own
# distribution warms it up.
FILL_MAX_S=300
fill_keys() { # target case
  local wrk_pid waited=0
  wrk_command "$1" "${FILL_MAX_S}s" seq
  origin_reset
  env ${WRK_ENV[@]+"${WRK_ENV[@]}"} "${WRK_ARGV[@]}" >"$WORK/fill-$2-$1.txt" 2>&1 &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null && [ "$(origin_total)" -lt "$C_KEYS" ] && [ "$waited" -lt $((FILL_MAX_S * 5)) ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  sleep 0.5                                # the last answers, and their stores
  stop_pids "$wrk_pid"
  wait "$wrk_pid" 2>/dev/null || true
  log "$2: filled $1 with $(origin_total) origin requests for $C_KEYS keys"
}

# ---------------------------------------------------------------- warm-up and fill, then check
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "warm-up: $WARMUP per case and target (not recorded); load average $LOAD_START"
for c in $CASES; do
  case_spec "$c"
  for t in $C_TARGETS; do
    if [ "$C_KEYS" -gt 0 ]; then
      fill_keys "$t" "$c"
      run_wrk "$t" "$c" 0 "$WARMUP"
    else
      header_of "$(sample_url "$t")" Date "$C_HEADER" >/dev/null   # the first request: a miss that stores
      run_wrk "$t" "$c" 0 "$WARMUP"
    fi
    # L2 writes are asynchronous, and a Redis call that timed out (a busy machine) is a miss that stores
    # nothing: fill again, at most twice, before giving up.
    for attempt in 1 2 3; do
      [ "$C_KEYS" -gt 0 ] || break
      sleep 1
      status_is_right before "$t" "$c" && break
      log "$c: $t answered '$STATUS_GOT' after the fill (attempt $attempt); filling again"
      fill_keys "$t" "$c"
    done
    check_status before "$t" "$c"
  done
done

# ---------------------------------------------------------------- measured rounds
for r in $(seq "$ROUNDS"); do
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  dir=forward
  [ $((r % 2)) = 0 ] && dir=reverse
  log "round $r/$ROUNDS ($dir order), load average $load_before"
  for c in $CASES; do
    case_spec "$c"
    order=$C_TARGETS
    [ "$dir" = reverse ] && order=$(echo "$C_TARGETS" | tr ' ' '\n' | tac | tr '\n' ' ')
    for t in $order; do run_wrk "$t" "$c" "$r" "$DURATION"; done
  done
  printf '%s\t%s\t%s\t%s\n' "$r" "$dir" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$ROUNDS_TSV"
done

for c in $CASES; do
  case_spec "$c"
  for t in $C_TARGETS; do check_status after "$t" "$c"; done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- profile (after the figures, apart from them)
PROFILE_TSV=$WORK/profile.tsv   # case target requests cpu-us-per-request
: >"$PROFILE_TSV"
if [ "$PROFILE" = 1 ]; then
  for c in hit miss; do
    case_spec "$c"
    log "profiling tiergate $c with JFR (settings=profile)"
    # JFR's own start-up (its threads, class loading) would land in the recording: a first recording
    # takes it during an unrecorded warm-up, then the recording that is summarised covers only the run.
    jcmd "$GW_PID" JFR.start name="$c-settle" settings=profile >"$WORK/jfr-$c.log"
    run_wrk tiergate "$c" 0 "$WARMUP"
    jcmd "$GW_PID" JFR.start name="$c" settings=profile filename="$WORK/$c.jfr" >>"$WORK/jfr-$c.log"
    run_wrk tiergate "$c" p "$DURATION"
    jcmd "$GW_PID" JFR.stop name="$c" >>"$WORK/jfr-$c.log"
    jcmd "$GW_PID" JFR.stop name="$c-settle" >>"$WORK/jfr-$c.log"
    [ -s "$WORK/$c.jfr" ] || die "JFR wrote no recording for $c: $(cat "$WORK/jfr-$c.log")"
    java bench/JfrSummary.java "$WORK/$c.jfr" "$(awk -F'\t' -v c="$c" '$1 == c { print $3 }' "$PROFILE_TSV")" \
      >"$WORK/$c.jfr.txt" || die "bench/JfrSummary.java failed on $WORK/$c.jfr"
  done
fi

TG_METRICS=$(curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^tiergate_requests_total' || true)
TG_STATS=$(curl -s "http://127.0.0.1:$ADMIN_PORT/stats")
VARNISH_COUNTERS=$(varnishstat -n "$WORK/varnish/state" -1 -f MAIN.cache_hit -f MAIN.cache_miss \
  -f MAIN.cache_hitmiss -f MAIN.client_req 2>&1 || true)

write_report >"$WORK/report.md"
mkdir -p "$(dirname "$REPORT")"
mv "$WORK/report.md" "$REPORT"
log "report written to $REPORT"
summary_table >&2
