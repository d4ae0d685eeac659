#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100 served to a browser) for the end-to-end test, OUTSIDE the
# extension's own dependencies so the .vsix stays small. Works offline except for the npm registry:
#  - argon2's prebuilt binary would come from GitHub, so it is built from source with node-gyp;
#  - @vscode/ripgrep's postinstall would download rg from GitHub, so Debian's ripgrep is put where it
#    looks first (its postinstall then finds bin/ and stops).
# Usage: test/e2e/install-code-server.sh [DIR]   (default: $MODELREADY_CODE_SERVER_DIR or ~/.cache/modelready/code-server-VERSION)
# Needs: node 20, npm, python3, make, g++, Debian packages ripgrep and chromium.
set -euo pipefail

VERSION=4.100.3
DIR="${1:-${MODELREADY_CODE_SERVER_DIR:-$HOME/.cache/modelready/code-server-$VERSION}}"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"

if [ -f "$DIR/.installed-$VERSION" ] && [ -f "$ENTRY" ]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi
RG="$(command -v rg || true)"
if [ -z "$RG" ]; then
  echo "install-code-server: Debian's ripgrep (rg) is required: apt-get install ripgrep" >&2
  exit 1
fi

mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{ "name": "modelready-code-server", "private": true }' > package.json

echo "== code-server $VERSION (scripts deferred)"
npm install --no-save --ignore-scripts --unsafe-perm "code-server@$VERSION"

echo "== argon2 from source (node-gyp)"
npm rebuild argon2 --build-from-source --unsafe-perm

CS="$DIR/node_modules/code-server"
cd "$CS/lib/vscode"
echo "== VS Code dependencies (scripts deferred)"
npm install --unsafe-perm --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG" node_modules/@vscode/ripgrep/bin/rg
echo "== native modules of VS Code"
# node-pty runs `npx node-gyp`; let npx use it without asking (some npmrc files set yes=false).
npm_config_yes=true npm rebuild --unsafe-perm
# What code-server's postinstall.sh does after installing (links the asar folder and the CLI scripts).
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
(cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
echo "== built-in extensions' dependencies"
(cd extensions && npm install --unsafe-perm --omit=dev)

touch "$DIR/.installed-$VERSION"
echo "code-server $VERSION installed: node $ENTRY"
