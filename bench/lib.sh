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
