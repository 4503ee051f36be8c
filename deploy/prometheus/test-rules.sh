#!/usr/bin/env bash
# Checks Tiergate's Prometheus rules (promtool check rules), runs their unit tests (promtool test rules) and parses
# every query of the Grafana dashboard (as rules, with promtool check rules), when promtool is available (see
# install-promtool.sh); otherwise says so and succeeds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! promtool="$("$here/promtool-path.sh")"; then
  echo "deploy/prometheus: SKIPPED the alert rule checks and tests: promtool is not installed (apt-get install prometheus, or run install-promtool.sh as root)"
  exit 0
fi
cd "$here"
"$promtool" check rules tiergate-rules.yml
"$promtool" test rules tiergate-rules.test.yml
if command -v node >/dev/null 2>&1; then
  queries="$(mktemp --suffix=.yml)"
  trap 'rm -f "$queries"' EXIT
  node ../grafana/dashboard-queries-as-rules.js ../grafana/tiergate-dashboard.json >"$queries"
  echo "The dashboard's queries:"
  "$promtool" check rules "$queries"
else
  echo "deploy/prometheus: SKIPPED parsing the dashboard's queries: node is not installed"
fi
