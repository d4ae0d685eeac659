#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100 served to a browser) for the end-to-end test, OUTSIDE the
# extension's own dependencies so the .vsix stays small. Works offline except for the npm registry:
#  - argon2's prebuilt binary would come from GitHub, so it is built from source with node-gyp;
#  - @vscode/ripgrep's postinstall would download rg from GitHub, so Debian's ripgrep is copied where
#    VS Code looks for it and the postinstall is not run;
#  - node-gyp would download node's headers, so it is pointed at the ones Debian's nodejs ships.
# npm's install scripts are deferred (--ignore-scripts) and the few native builds are run by name, so the
# result does not depend on npm's allowScripts policy nor on postinstall steps that need the internet.
# Usage: test/e2e/install-code-server.sh [DIR]   (default: $MODELREADY_CODE_SERVER_DIR or <repo>/.e2e/code-server)
# Needs: node 20 with its headers (Debian nodejs), npm, python3, make, g++, Debian packages ripgrep and chromium.
set -euo pipefail

VERSION=4.100.3
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${1:-${MODELREADY_CODE_SERVER_DIR:-$REPO/.e2e/code-server}}"
CS="$DIR/node_modules/code-server"
MARKER="$DIR/.installed-$VERSION"

if [ -f "$MARKER" ] && [ -f "$CS/out/node/entry.js" ]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi

fail() { echo "install-code-server: $*" >&2; exit 1; }
RG="$(command -v rg || true)"
[ -n "$RG" ] || fail "Debian's ripgrep (rg) is required: apt-get install ripgrep"
[ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] || fail "code-server $VERSION needs node 20 (found $(node --version))"
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
[ -f "$NODE_PREFIX/include/node/node.h" ] || fail "node's headers are missing from $NODE_PREFIX/include/node (Debian: nodejs ships them)"
export npm_config_nodedir="$NODE_PREFIX"
NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || fail "npm's bundled node-gyp not found at $NODE_GYP"
export npm_config_node_gyp="$NODE_GYP"  # the one node-pre-gyp (argon2) runs

START=$SECONDS
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
echo '{ "name": "modelready-code-server", "private": true }' > package.json

echo "== code-server $VERSION (install scripts deferred)"
npm install --no-save --no-audit --no-fund --ignore-scripts "code-server@$VERSION"

echo "== argon2 from source (node-pre-gyp falls back to node-gyp)"
if ! (cd node_modules/argon2 && node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild --build-from-source >"$DIR/build-argon2.log" 2>&1); then
  tail -n 30 "$DIR/build-argon2.log" >&2
  fail "argon2 did not build (log: $DIR/build-argon2.log)"
fi
node -e 'require("argon2")' || fail "argon2 did not build"

cd "$CS/lib/vscode"
echo "== VS Code's dependencies (install scripts deferred)"
npm install --omit=dev --no-audit --no-fund --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG" node_modules/@vscode/ripgrep/bin/rg
echo "== VS Code's native modules for Linux"
# @parcel/watcher ships a prebuilt linux binary in @parcel/watcher-linux-x64-glibc; the windows-* modules
# are not used on Linux; kerberos (proxy Negotiate auth only) would need libkrb5-dev and is left unbuilt.
for module in node-pty @vscode/spdlog @vscode/deviceid native-watchdog; do
  log="$DIR/build-${module//\//-}.log"
  if ! (cd "node_modules/$module" && node "$NODE_GYP" rebuild --jobs=max >"$log" 2>&1); then
    tail -n 30 "$log" >&2
    fail "native module $module did not build (log: $log)"
  fi
done
# What code-server's postinstall.sh does after installing (links the asar folder and the CLI scripts).
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
(cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
echo "== built-in extensions' dependencies"
(cd extensions && npm install --omit=dev --no-audit --no-fund --ignore-scripts)

touch "$MARKER"
echo "code-server $VERSION installed in $((SECONDS - START)) s: node $CS/out/node/entry.js"
