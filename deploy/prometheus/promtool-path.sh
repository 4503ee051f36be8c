#!/usr/bin/env bash
# Prints the promtool to use: the one on PATH, else the one install-promtool.sh extracted into the cache; exits 1
# when there is neither.
set -euo pipefail
cache="${TIERGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tiergate}/promtool"
if command -v promtool >/dev/null 2>&1; then
  command -v promtool
elif [ -x "$cache/usr/bin/promtool" ]; then
  echo "$cache/usr/bin/promtool"
else
  exit 1
fi
