#!/usr/bin/env bash
# Installs the ModelReady CLI for action.yml and writes cli=<its dist/cli.js> to $GITHUB_OUTPUT.
# CLI_PACKAGE set (the action's `cli` input: a tarball made by `npm pack`, or an npm package spec you trust):
# `npm install -g` of it into $RUNNER_TEMP; it has no runtime dependencies. Empty: built from the action's own
# checkout (npm ci without install scripts, then the esbuild bundles).
set -euo pipefail
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "::error title=ModelReady::ModelReady needs Node 20 or newer, found $(node -v): add actions/setup-node before this action"
  exit 1
fi
if [ -n "${CLI_PACKAGE:-}" ]; then
  prefix="$RUNNER_TEMP/modelready-cli"
  npm install -g --no-audit --no-fund --prefix "$prefix" -- "$CLI_PACKAGE"
  cli="$prefix/lib/node_modules/modelready/dist/cli.js"
else
  cd "$GITHUB_ACTION_PATH"
  npm ci --no-audit --no-fund --ignore-scripts
  node esbuild.config.mjs
  cli="$GITHUB_ACTION_PATH/dist/cli.js"
fi
if [ ! -f "$cli" ]; then
  echo "::error title=ModelReady::no ModelReady CLI at $cli after the install"
  exit 1
fi
echo "cli=$cli" >> "$GITHUB_OUTPUT"
