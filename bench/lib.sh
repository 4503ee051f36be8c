# Shared by the benchmark scripts: messages, prerequisite checks, waiting for a server and stopping the
# processes a script started. Source it after setting BENCH (the script's short name) and WORK (its temp dir).

log() { printf '[%s] %s\n' "$BENCH" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$BENCH" "$*" >&2; exit 1; }

# Exits 2 naming every missing tool and how to get it; never installs anything.
require_tools() { # tool...
  local missing=() t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bench/$BENCH.sh: missing tool(s): ${missing[*]}" >&2
  for t in "${missing[@]}"; do
    case $t in
      nginx | wrk) echo "  $t: install it with 'apt-get install -y $t' (Debian/Ubuntu)" >&2 ;;
      varnishd | varnishstat) echo "  $t: install it with 'apt-get install -y varnish' (Debian/Ubuntu)" >&2 ;;
      redis-server) echo "  $t: install it with 'apt-get install -y redis-server' (Debian/Ubuntu)" >&2 ;;
      jfr | jcmd) echo "  $t: part of a full JDK 17+ (e.g. 'apt-get install -y openjdk-17-jdk-headless')" >&2 ;;
      java | mvn) echo "  $t: Java 17+ and Maven 3.8+ are needed to build and run Tiergate" >&2 ;;
      node | npx) echo "  $t: Node.js 20+ (with npm) is needed to run wrangler" >&2 ;;
      ss | setsid) echo "  $t: part of iproute2 / util-linux" >&2 ;;
      *) echo "  $t: install it with your package manager" >&2 ;;
    esac
  done
  exit 2
}

# TERM to every PID, up to 5 s for each to go, then KILL.
stop_pids() { # pid...
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

wait_http() { # url what [tries of 0.2 s, 150]
  for _ in $(seq "${3:-150}"); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.2
  done
  die "$2 did not come up at $1 (logs in $WORK)"
}

# Exits naming the jar that is missing and the command that builds it.
require_jars() {
  local jar
  for jar in gateway/target/tiergate.jar origin-sim/target/origin-sim.jar; do
    [ -f "$jar" ] || die "$jar is missing: build it with 'mvn -B -ntp -q package -DskipTests'"
  done
}

# On exit, stops every process in PIDS and removes WORK.
stop_on_exit() {
  trap 'stop_pids "${PIDS[@]}"; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
}

# A TCP port nothing listens on and this script has not handed out yet (tracked in TAKEN_PORTS).
TAKEN_PORTS=" "
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 40000))
    case $TAKEN_PORTS in *" $port "*) continue ;; esac
    if ! ss -ltnH "sport = :$port" | grep -q .; then
      TAKEN_PORTS+="$port "
      echo "$port"
      return 0
    fi
  done
  die "found no free TCP port"
}

# A process and all its descendants (nginx's master and workers, varnishd's manager and child).
tree_pids() { # pid
  local pid=$1 child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do tree_pids "$child"; done
}

# utime + stime, in clock ticks, summed over the given processes. A process's /proc/<pid>/stat counts
# all its threads, so one JVM is one PID.
cpu_ticks() { # pid...
  local pid sum=0 t
  for pid in "$@"; do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null) \
      || die "process $pid went away during a measured run"
    sum=$((sum + t))
  done
  echo "$sum"
}

# Waits (when LOAD_WAIT=1) until the 1-minute load average is below LOAD_MAX, for at most LOAD_WAIT_MAX_S seconds.
# Sets LOAD_WAITED (seconds waited) and LOAD_QUIET (0 when it gave up and measures anyway), for the report.
wait_for_quiet() {
  LOAD_WAITED=0
  LOAD_QUIET=1
  [ "${LOAD_WAIT:-0}" = 1 ] || return 0
  local start=$SECONDS
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$LOAD_MAX" 'BEGIN{exit !(l >= m)}'; do
    if [ $((SECONDS - start)) -ge "$LOAD_WAIT_MAX_S" ]; then
      LOAD_QUIET=0
      log "load average still $(cut -d' ' -f1-3 /proc/loadavg) after ${LOAD_WAIT_MAX_S}s: measuring anyway"
      break
    fi
    log "load average $(cut -d' ' -f1-3 /proc/loadavg) (1-minute >= $LOAD_MAX); waiting 15 s"
    sleep 15
  done
  LOAD_WAITED=$((SECONDS - start))
}
