# The report of bench/compare.sh, rendered from the run's tables in $WORK (results.tsv, rounds.tsv,
# checks.tsv, commands.txt, profile.tsv, the configs). Sourced by compare.sh; write_report prints the
# whole markdown document, summary_table only the goals.
#
# results.tsv columns: 1 round, 2 case, 3 target, 4 req/s, 5 p50 ms, 6 p99 ms, 7 requests, 8 socket
# errors, 9 non-2xx, 10 origin requests, 11 CPU µs per request.
COL_RPS=4 COL_P50=5 COL_P99=6 COL_CPU=11

# "median min max" of one column over the rounds of a case and target ("nan nan nan" without rows).
stat3() { # case target column
  awk -F'\t' -v c="$1" -v t="$2" -v k="$3" '$2 == c && $3 == t && $k != "nan" { print $k }' "$RESULTS" | sort -g | awk '
    { x[NR] = $1 } END { if (NR == 0) { print "nan nan nan"; exit }
      m = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2; print m, x[1], x[NR] }'
}

# "median min max" of the per-round ratio A ÷ B of one column: each round's A against the same round's B.
ratio3() { # caseA targetA caseB targetB column
  awk -F'\t' -v ca="$1" -v ta="$2" -v cb="$3" -v tb="$4" -v k="$5" '
    $2 == ca && $3 == ta { a[$1] = $k } $2 == cb && $3 == tb { b[$1] = $k }
    END { for (r in a) if ((r in b) && b[r] > 0 && a[r] != "nan") print a[r] / b[r] }' "$RESULTS" | sort -g | awk '
    { x[NR] = $1 } END { if (NR == 0) { print "nan nan nan"; exit }
      m = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2; print m, x[1], x[NR] }'
}

# "m (lo–hi)" with a printf format for each number; "n/a" when there was nothing to measure.
spread() { # "median min max" format
  echo "$1" | awk -v f="$2" '$1 == "nan" { print "n/a"; next }
    { printf f " (" f "–" f ")\n", $1, $2, $3 }'
}

# "yes" / "no" / "n/a": whether a median meets a goal (op is >= or <=).
meets() { # "median min max" op goal
  echo "$1" | awk -v op="$2" -v g="$3" '$1 == "nan" { print "n/a"; next }
    { ok = (op == ">=") ? ($1 >= g) : ($1 <= g); print ok ? "yes" : "**no**" }'
}

has_rows() { # case target
  awk -F'\t' -v c="$1" -v t="$2" '$2 == c && $3 == t { found = 1 } END { exit !found }' "$RESULTS"
}

# The worst (highest) median p99 ratio Tiergate ÷ nginx over the hit cases, and the case it is in.
worst_hit_p99() {
  local c worst="nan nan nan" worst_case="" r
  for c in $CASES; do
    case $c in hit*) ;; *) continue ;; esac
    r=$(ratio3 "$c" tiergate "$c" nginx $COL_P99)
    [ "${r%% *}" = nan ] && continue
    if [ "${worst%% *}" = nan ] || awk -v a="${r%% *}" -v b="${worst%% *}" 'BEGIN{exit !(a > b)}'; then
      worst=$r; worst_case=$c
    fi
  done
  echo "$worst|$worst_case"
}

profile_figure() { # case -> bytes allocated per request from the JFR summary, or nan
  local f=$WORK/$1.jfr.txt
  [ -f "$f" ] && awk -F= '/^bytes-per-request=/{print $2; found=1} END{if (!found) print "nan"}' "$f" || echo nan
}

goal_row() { # label "median min max" format op goal
  printf '| %s | %s | %s %s | %s |\n' "$1" "$(spread "$2" "$3")" "$4" "$5" "$(meets "$2" "$4" "$5")"
}

summary_table() {
  local p99 p99_case alloc
  echo "| figure (Tiergate ÷ the other, per round) | this run: median (min–max) | goal | met (median) |"
  echo "|---|---:|---:|:---:|"
  goal_row "miss (pass-through) req/s ÷ nginx" "$(ratio3 miss tiergate miss nginx $COL_RPS)" %.2f ">=" 0.9
  goal_row "miss CPU-µs per request ÷ nginx" "$(ratio3 miss tiergate miss nginx $COL_CPU)" %.2f "<=" 1.1
  goal_row "L1 hit CPU-µs per request ÷ nginx" "$(ratio3 hit tiergate hit nginx $COL_CPU)" %.2f "<=" 0.85
  goal_row "L1 hit CPU-µs per request ÷ roof (nginx serving the file)" "$(ratio3 hit tiergate hit roof $COL_CPU)" %.2f "<=" 1.15
  goal_row "L1 hit req/s ÷ nginx" "$(ratio3 hit tiergate hit nginx $COL_RPS)" %.2f ">=" 1.15
  goal_row "L1 hit req/s ÷ Varnish" "$(ratio3 hit tiergate hit varnish $COL_RPS)" %.2f ">=" 1.5
  IFS='|' read -r p99 p99_case <<<"$(worst_hit_p99)"
  goal_row "hit p99 ÷ nginx, worst hit case${p99_case:+ ($p99_case)}" "$p99" %.2f "<=" 1.0
  goal_row "10k-key Zipf hit req/s ÷ nginx" "$(ratio3 hit-zipf tiergate hit-zipf nginx $COL_RPS)" %.2f ">=" 1.0
  goal_row "64 KiB hit req/s ÷ nginx" "$(ratio3 hit-64k tiergate hit-64k nginx $COL_RPS)" %.2f ">=" 1.0
  goal_row "L2 hit req/s ÷ L1 hit req/s (1,000 keys, Tiergate, same round)" "$(ratio3 l2-1k tiergate l1-1k tiergate $COL_RPS)" %.2f ">=" 0.5
  alloc=$(profile_figure hit)
  if [ "$alloc" = nan ]; then
    echo "| heap allocation per L1 hit beyond the 1 KiB body (JFR) | not profiled (PROFILE=1) | ≤ 1024 B | n/a |"
  else
    goal_row "heap allocation per L1 hit beyond the 1 KiB body (JFR, one profiled run)" "$((alloc - 1024)) $((alloc - 1024)) $((alloc - 1024))" %d "<=" 1024
  fi
  echo "| L1 memory per entry beyond header and body bytes | measured by \`bench/l1-memory.sh\` | ≤ 300 B | n/a |"
}

target_label() {
  case $1 in
    tiergate) echo Tiergate ;; nginx) echo "nginx proxy_cache" ;; varnish) echo Varnish ;;
    roof) echo "roof: nginx serving the file" ;; origin) echo "origin-sim direct" ;;
  esac
}

case_table() {
  local c t sums
  echo "| case | target | CPU-µs/request | req/s | p50 ms | p99 ms | origin requests | socket errors | non-2xx |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for c in $CASES; do
    case_spec "$c"
    for t in $C_TARGETS; do
      has_rows "$c" "$t" || continue
      sums=$(awk -F'\t' -v c="$c" -v t="$t" '$2 == c && $3 == t { o += $10; e += $8; n += $9 } END { print o, e, n }' "$RESULTS")
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$(target_label "$t")" \
        "$(spread "$(stat3 "$c" "$t" $COL_CPU)" %.1f)" "$(spread "$(stat3 "$c" "$t" $COL_RPS)" %.0f)" \
        "$(spread "$(stat3 "$c" "$t" $COL_P50)" %.2f)" "$(spread "$(stat3 "$c" "$t" $COL_P99)" %.2f)" $sums
    done
  done
}

ratio_table() {
  local c other
  echo "| case | Tiergate ÷ | req/s | CPU-µs/request | p50 | p99 |"
  echo "|---|---|---:|---:|---:|---:|"
  for c in $CASES; do
    case_spec "$c"
    for other in nginx varnish roof origin; do
      has_rows "$c" "$other" && has_rows "$c" tiergate || continue
      printf '| %s | %s | %s | %s | %s | %s |\n' "$c" "$(target_label "$other")" \
        "$(spread "$(ratio3 "$c" tiergate "$c" "$other" $COL_RPS)" %.2f)" \
        "$(spread "$(ratio3 "$c" tiergate "$c" "$other" $COL_CPU)" %.2f)" \
        "$(spread "$(ratio3 "$c" tiergate "$c" "$other" $COL_P50)" %.2f)" \
        "$(spread "$(ratio3 "$c" tiergate "$c" "$other" $COL_P99)" %.2f)"
    done
  done
  if has_rows l2-1k tiergate && has_rows l1-1k tiergate; then
    printf '| l2-1k | Tiergate l1-1k (same keys in L1) | %s | %s | %s | %s |\n' \
      "$(spread "$(ratio3 l2-1k tiergate l1-1k tiergate $COL_RPS)" %.2f)" \
      "$(spread "$(ratio3 l2-1k tiergate l1-1k tiergate $COL_CPU)" %.2f)" \
      "$(spread "$(ratio3 l2-1k tiergate l1-1k tiergate $COL_P50)" %.2f)" \
      "$(spread "$(ratio3 l2-1k tiergate l1-1k tiergate $COL_P99)" %.2f)"
  fi
}

case_description() {
  case $1 in
    hit) echo "one hot key, 1 KiB body, keep-alive: the per-request cost of a hit" ;;
    hit-uniform) echo "10,000 keys, each equally likely (seed $SEED), 1 KiB" ;;
    hit-zipf) echo "10,000 keys, Zipf-distributed with s = $ZIPF_S (key k with probability ∝ 1/k^s, seed $SEED), 1 KiB" ;;
    hit-64k) echo "one hot key, 64 KiB body" ;;
    hit-close) echo "one hot key, 1 KiB, \`Connection: close\`: a new TCP connection per request" ;;
    miss) echo "a URL never asked before on every request, origin \`Cache-Control: no-store\`, 1 KiB: lookup, forward over pooled keep-alive, not stored" ;;
    miss-64k) echo "the same with a 64 KiB body" ;;
    hot-miss) echo "all connections on ONE \`no-store\` URL: each proxy's request collapsing on an uncacheable key (nginx \`proxy_cache_lock\` waiters poll every 500 ms; Varnish's hit-for-miss object sends every request on)" ;;
    l1-1k) echo "Tiergate only: 1,000 keys, uniform, 1 KiB, from L1 (the reference for l2-1k)" ;;
    l2-1k) echo "Tiergate only: the same 1,000 keys on a \`tiers: [l2]\` route, so every hit is read from Redis" ;;
  esac
}

write_report() {
  echo "# Tiergate, nginx proxy_cache and Varnish side by side ($DATE)"
  echo
  if [ "$SMOKE" = 1 ]; then
    echo "> **SMOKE RUN — not evidence.** $ROUNDS round(s) of $DURATION: this checks that the script works, its"
    echo "> figures mean nothing. Not to be committed."
    echo
  fi
  if [ "$LOAD_QUIET" = 0 ]; then
    echo "> **The machine was not quiet**: the 1-minute load average stayed at or above $LOAD_MAX for"
    echo "> ${LOAD_WAIT_MAX_S}s before the run. Read every figure as disturbed."
    echo
  fi
  echo "One run of \`bench/compare.sh\` (git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- 2>/dev/null || echo ', with uncommitted changes')):"
  echo "origin-sim, Tiergate, nginx, Varnish, Redis and wrk all on this machine. $ROUNDS rounds; in each round every"
  echo "case runs every target right after the other, in one order on odd rounds and the reverse on even ones."
  echo "Each run is \`wrk -t$THREADS -c$CONNS -d$DURATION --latency\`, after a $WARMUP warm-up per case and target."
  echo "**CPU-µs per request** is the headline: utime + stime of the target's processes (\`/proc/<pid>/stat\`:"
  echo "Tiergate's JVM, all its threads; nginx's master and workers; varnishd's manager and child) over the run,"
  echo "divided by the requests wrk completed. Figures are medians over the rounds with their min–max; ratios are"
  echo "medians of the per-round ratios (each round's Tiergate against the same round's other target), never a"
  echo "ratio of medians."
  echo
  echo "## Against the goals (issue 13, section 2)"
  echo
  summary_table
  echo
  echo "## Per case (median and min–max over the rounds)"
  echo
  case_table
  echo
  echo "\"origin requests\" is origin-sim's request counter over the measured runs: 0 on a hit case means every"
  echo "request was a hit."
  echo
  echo "## Ratios (median and min–max of the per-round ratios; below 1 is better for CPU and latency)"
  echo
  ratio_table
  echo
  echo "## Cases"
  echo
  echo "| case | what |"
  echo "|---|---|"
  local c
  for c in $CASES; do echo "| $c | $(case_description "$c") |"; done
  echo
  echo "Hits: origin-sim's \`/sim/respond\` answers \`Cache-Control: public, max-age=30\`; all three proxies override it"
  echo "with the same TTL, ${TTL_SECONDS}s (Tiergate \`cache: { ttl: 1h }\`, nginx \`proxy_ignore_headers\` +"
  echo "\`proxy_cache_valid\`, Varnish \`beresp.ttl\`), so nothing expires mid-run. Multi-key caches are filled by a"
  echo "warm-up that asks for every key in order (\`BENCH_DIST=seq\`)."
  echo
  echo "## Cache status, checked before and after the rounds"
  echo
  echo "| when | case | target | answer |"
  echo "|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | `%s` |\n", $1, $2, $3, $4 }' "$CHECKS"
  echo
  echo "Tiergate counters at the end:"
  echo
  echo '```'
  echo "$TG_METRICS"
  echo "$TG_STATS"
  echo '```'
  echo
  echo "Varnish counters at the end (\`varnishstat -1\`):"
  echo
  echo '```'
  echo "$VARNISH_COUNTERS"
  echo '```'
  echo
  echo "## Rounds and machine load"
  echo
  echo "| round | order | load average before | after |"
  echo "|---:|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$ROUNDS_TSV"
  echo
  echo "Load average at the start of the warm-up: $LOAD_START (waited ${LOAD_WAITED}s for it to drop below $LOAD_MAX);"
  echo "at the end: $LOAD_END."
  echo
  echo "## Every run"
  echo
  echo "| round | case | target | req/s | CPU-µs/request | p50 ms | p99 ms | requests | socket errors | non-2xx | origin requests |"
  echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $11, $5, $6, $7, $8, $9, $10 }' "$RESULTS"
  if [ -s "$PROFILE_TSV" ]; then
    echo
    echo "## Tiergate profile (JFR)"
    echo
    echo "One extra run per case after the rounds, recorded with \`jcmd <pid> JFR.start settings=profile\` … \`JFR.stop\`"
    echo "(the runtime form of \`-XX:StartFlightRecording:settings=profile\`), summarised by"
    echo "[\`bench/JfrSummary.java\`](../JfrSummary.java). These runs are not among the figures above: profiling costs CPU."
    local line pc pt preq pcpu
    while IFS=$'\t' read -r pc pt preq pcpu; do
      echo
      echo "### $pc ($preq requests, $pcpu CPU-µs/request while recording)"
      echo
      echo '```'
      grep -v '^bytes-per-request=' "$WORK/$pc.jfr.txt"
      echo
      echo "jfr summary (the events summarised above):"
      jfr summary "$WORK/$pc.jfr" | grep -E '^ *((Start|Duration):|Event Type|jdk\.(ExecutionSample|ObjectAllocationSample|ThreadAllocationStatistics|GarbageCollection|GCHeapSummary)) ' 
      echo '```'
    done <"$PROFILE_TSV"
  fi
  echo
  echo "## Machine and versions"
  echo
  echo '```'
  echo "nproc: $(nproc)   cpu: $(lscpu 2>/dev/null | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2; exit}')   kernel: $(uname -r)"
  echo "memory: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  java -version 2>&1
  nginx -v 2>&1
  varnishd -V 2>&1 | head -1
  { wrk -v 2>&1 || true; } | head -1
  [ "$NEED_REDIS" = 1 ] && redis-server --version
  echo '```'
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "$ORIGIN_CMD"
  [ -n "$REDIS_CMD" ] && echo "$REDIS_CMD"
  echo "$GW_CMD"
  echo "$NGINX_CMD        # nginx.conf below"
  echo "$VARNISH_CMD        # bench.vcl below"
  echo "# before each run: curl -X POST $ORIGIN/__sim/reset; after it: curl $ORIGIN/__sim/stats (origin requests)"
  awk -F'\t' '{ print "# " $1 ", " $2 ":"; print $3 }' "$COMMANDS"
  echo '```'
  echo
  echo "## Configurations"
  echo
  echo "Tiergate: [\`bench/compare-policy.yaml\`](../compare-policy.yaml)"
  echo
  echo '```yaml'
  cat bench/compare-policy.yaml
  echo '```'
  echo
  echo "nginx (generated by [\`bench/compare-configs.sh\`](../compare-configs.sh)):"
  echo
  echo '```nginx'
  sed "s#$WORK#<tmp>#g" "$WORK/nginx/nginx.conf"
  echo '```'
  echo
  echo "Varnish (generated by [\`bench/compare-configs.sh\`](../compare-configs.sh); the rest is Varnish's built-in VCL):"
  echo
  echo '```vcl'
  cat "$WORK/varnish/bench.vcl"
  echo '```'
  echo
  echo "## Caveats"
  echo
  echo "- $(nproc) cores shared by wrk, the target and (on misses) origin-sim: req/s is throughput while the load"
  echo "  generator competes for the same cores, not capacity, and swings with anything else on the machine (see"
  echo "  the load averages). CPU per request is the steadier figure. Latencies are at saturation (no"
  echo "  coordinated-omission correction)."
  echo "- CPU per request counts only the target's processes: on a miss the origin's and wrk's work is not in it."
  echo "- nginx serves hits from its file cache (the page cache here), Varnish from malloc storage, Tiergate from"
  echo "  its in-process L1 (or Redis for l2-1k). JVMs run with default flags${JAVA_OPTS:+ plus \`$JAVA_OPTS\`}."
}
