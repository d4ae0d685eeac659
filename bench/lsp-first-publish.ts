// The language server's own start-up (issue 15 item 12), outside code-server: a plain JSON-RPC client starts
// `dist/server.js --stdio` as the VS Code client does, on the 10-file workspace of the code-server e2e (the examples
// model repository plus three corpus models), and times from the spawn: `initialize` answered, the first
// publishDiagnostics holding a diagnostic (what makes Problems count), and every file published. With `--before
// <dist folder>` (e.g. a build of main) the two builds run alternately in the same run and the ratios are printed.
// Usage: npm run build && node --import tsx bench/lsp-first-publish.ts [--before /tmp/before/dist] [--rounds 5]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { LspClient } from '../test/lsp/lsp-client';
import { corpusOnnxDir, repoRoot } from '../test/support/paths';

const CORPUS_MODELS = ['squeezenet_op9.onnx', 'resnet50_op17.onnx', 'mobilenet_v3_small_op13.onnx'];
const FILES = 10;

const { values } = parseArgs({ options: { before: { type: 'string' }, rounds: { type: 'string', default: '5' } } });

interface Times {
  initialized: number;
  firstDiagnostic: number;
  allPublished: number;
}

function workspace(): string {
  const dir = path.join(repoRoot, 'bench/.out/lsp-first-publish');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, 'examples/model_repository'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'models'));
  for (const m of CORPUS_MODELS) fs.copyFileSync(path.join(corpusOnnxDir, m), path.join(dir, 'models', m));
  return dir;
}

async function startOnce(dist: string, root: string): Promise<Times> {
  const t0 = performance.now();
  const client = LspClient.start([path.join(dist, 'server.js')]);
  let firstDiagnostic = 0;
  const published = new Set<string>();
  const all = new Promise<number>((resolve) => {
    client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: [] }) => {
      if (!firstDiagnostic && p.diagnostics.length > 0) firstDiagnostic = performance.now() - t0;
      published.add(p.uri);
      if (published.size === FILES) resolve(performance.now() - t0);
    });
  });
  await client.initialize(root);
  const initialized = performance.now() - t0;
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${dist}: ${published.size}/${FILES} files published in 60 s`)), 60_000).unref(),
  );
  const allPublished = await Promise.race([all, timeout]);
  await client.stop();
  return { initialized, firstDiagnostic, allPublished };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medians = (runs: Times[]): Times => ({
  initialized: median(runs.map((r) => r.initialized)),
  firstDiagnostic: median(runs.map((r) => r.firstDiagnostic)),
  allPublished: median(runs.map((r) => r.allPublished)),
});
const line = (t: Times) =>
  `initialize answered ${t.initialized.toFixed(0)} ms, first diagnostic ${t.firstDiagnostic.toFixed(0)} ms, all ${FILES} files ${t.allPublished.toFixed(0)} ms`;

async function main(): Promise<void> {
  const root = workspace();
  const builds: [string, string][] = [['this build', path.join(repoRoot, 'dist')]];
  if (values.before) builds.unshift(['before', path.resolve(values.before)]);
  const runs = new Map<string, Times[]>(builds.map(([name]) => [name, []]));
  await startOnce(builds[0][1], root); // warms the file cache for every build alike
  for (let i = 0; i < Number(values.rounds); i++)
    for (const [name, dist] of builds) runs.get(name)!.push(await startOnce(dist, root));
  const results = builds.map(([name]) => [name, medians(runs.get(name)!)] as const);
  for (const [name, t] of results) console.log(`${name}: from spawn, median of ${values.rounds}: ${line(t)}`);
  if (results.length === 2) {
    const [[, b], [, a]] = results;
    console.log(
      `this build / before: initialize ${(a.initialized / b.initialized).toFixed(2)}x, first diagnostic ${(a.firstDiagnostic / b.firstDiagnostic).toFixed(2)}x, all files ${(a.allPublished / b.allPublished).toFixed(2)}x`,
    );
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
