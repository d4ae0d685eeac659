// Bundles the four deliverables: the VS Code client, the language server, the CLI (Node) and the
// graph webview (browser). `node esbuild.config.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
// Watch mode logs each rebuild ("[watch] build finished"), which .vscode/tasks.json's background matcher waits for.
const common = {
  bundle: true,
  sourcemap: true,
  logLevel: watch ? 'info' : 'warning',
  minify: !watch,
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    // The entry VS Code loads stays small: it forks the server, then requires the client bundle (main.ts); the graph
    // editor's model code is required when a graph first opens (graph-code.ts).
    entryPoints: {
      extension: 'extension/main.ts',
      'extension-client': 'extension/client.ts',
      'extension-graph': 'extension/graph-code.ts',
    },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    outdir: 'dist',
  },
  // Native add-ons cannot be bundled: ssh2's optional ones (it falls back to pure JS) and onnxruntime-node (loaded from node_modules).
  {
    ...common,
    // dist/server.js starts the first worker, then requires dist/server-core.js (server/lsp/main.ts).
    entryPoints: {
      server: 'server/lsp/main.ts',
      'server-core': 'server/lsp/run.ts',
      'analysis-worker': 'server/lsp/worker.ts',
      cli: 'server/cli/main.ts',
    },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: ['*.node', 'cpu-features', 'onnxruntime-node'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: {
      webview: 'webview/graph/main.ts',
      'webview-worker': 'webview/graph/layout-worker.ts',
      profiles: 'webview/profiles/main.ts',
      results: 'webview/results/main.ts',
      engine: 'webview/engine/main.ts',
    },
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outdir: 'dist',
  },
]
  // Entries whose source folder has not been written yet are skipped, not failed.
  .map((b) => ({
    ...b,
    entryPoints: Object.fromEntries(Object.entries(b.entryPoints).filter(([, p]) => fs.existsSync(p))),
  }))
  .filter((b) => Object.keys(b.entryPoints).length > 0);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}
