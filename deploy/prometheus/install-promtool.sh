#!/usr/bin/env bash
# Makes promtool available for the rule tests without installing Prometheus: when it is missing and apt-get can be
# used (as root), Debian's prometheus package is downloaded and only unpacked, into a cache directory
# ($TIERGATE_CACHE, default ~/.cache/tiergate). Nothing is installed system-wide and no service is started.
# Never fails: without promtool, test-rules.sh says it skipped.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if "$here/promtool-path.sh" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "install-promtool: promtool is missing and apt-get cannot be used here (it needs root); the rule tests will be skipped" >&2
  exit 0
fi
cache="${TIERGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tiergate}/promtool"
download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
# apt-get download writes to the working directory; the package lists may need a first update on a new machine.
if ! (cd "$download" && apt-get download -q prometheus >/dev/null 2>&1); then
  apt-get update -q >/dev/null 2>&1 || true
  if ! (cd "$download" && apt-get download -q prometheus >/dev/null 2>&1); then
    echo "install-promtool: could not download Debian's prometheus package; the rule tests will be skipped" >&2
    exit 0
  fi
fi
mkdir -p "$cache"
# Only promtool is taken from the package.
dpkg-deb --fsys-tarfile "$download"/prometheus_*.deb | tar -x -C "$cache" ./usr/bin/promtool \
  && echo "install-promtool: promtool unpacked into $cache" >&2
exit 0
