// `modelready diff` of two 30k-node synthetic models (bench/make_diff_models.py: a chain of blocks and a copy with
// 1,000 renamed blocks, one weight, one attribute, one removed and one added node). Target: <= 2 s, bounded memory.
// Each measurement runs in a fresh Node process (so peak RSS is its own), alternating, median of --runs:
//   reference: our ONNX reader reading both models, nothing else (also Debian onnx 1.12 `onnx.load` of both);
//   diff:      reading both + the diff itself (matching, node/initializer/io changes);
//   runDiff:   the whole `modelready diff --json` from source (also the readiness findings of both models, new/fixed),
//   built CLI: `node dist/cli.js diff --json` as users run it (bundle loading included). Needs `npm run build`;
//   steps:     runDiff's steps timed one by one (read, diff, each model's analysis, new/fixed, JSON), from source.
// Wall time on a shared machine swings with the load, so the job's CPU time (user + sys) is printed beside it.
// Peak RSS is the whole child's (tsx loader included for all but the built CLI).
// Usage: node --import tsx bench/model-diff.ts [--runs 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile } from '../server/analyze';
import { diffModels } from '../server/diff/diff-models';
import { findingChanges } from '../server/diff/finding-changes';
import { runDiff } from '../server/cli/diff';
import { readOnnxModel } from '../server/onnx/reader';
import { debianPython, repoRoot } from '../test/support/paths';

const TARGET_MS = 2000;
const out = path.join(repoRoot, 'bench/.out');
const files = [path.join(out, 'diff-a.onnx'), path.join(out, 'diff-b.onnx')];

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  result?: unknown;
}

/** One job inside a child process: prints its own wall time, CPU time and peak RSS as JSON. */
async function child(job: string): Promise<void> {
  const t = performance.now();
  const cpuStart = process.cpuUsage();
  let result: unknown;
  if (job === 'read') files.forEach((f) => readOnnxModel(f));
  else if (job === 'diff') {
    const d = diffModels(readOnnxModel(files[0]), readOnnxModel(files[1]));
    result = {
      removed: d.removed.length,
      added: d.added.length,
      changed: d.changed.length,
      initializersChanged: d.initializers.changed.length,
      matched: d.matched,
    };
  } else if (job === 'phases') {
    result = phases();
  } else {
    let bytes = 0;
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((bytes += chunk.length), true)) as typeof process.stdout.write;
    await runDiff([...files, '--json']);
    process.stdout.write = write;
    result = { jsonBytes: bytes };
  }
  const wallMs = performance.now() - t;
  const cpu = process.cpuUsage(cpuStart);
  const sample: Sample = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
    result,
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

/**
 * Where runDiff's time goes: its steps one after the other as it runs them (server/cli/diff.ts), each step's wall and
 * CPU time (the process's: V8's helper threads included).
 */
function phases(): Record<string, { wallMs: number; cpuMs: number }> {
  const out: Record<string, { wallMs: number; cpuMs: number }> = {};
  let t = performance.now();
  let c = process.cpuUsage();
  const step = <T>(label: string, run: () => T): T => {
    const value = run();
    const cpu = process.cpuUsage(c);
    out[label] = { wallMs: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000 };
    t = performance.now();
    c = process.cpuUsage();
    return value;
  };
  const [a, b] = step('read both', () => files.map((f) => readOnnxModel(f)));
  const diff = step('diff', () => diffModels(a, b));
  const findingsA = step('analyze A', () => analyzeFile(a.path, { model: a }));
  const findingsB = step('analyze B', () => analyzeFile(b.path, { model: b }));
  const findings = step('findings new/fixed', () => findingChanges(findingsA, findingsB, diff.matches));
  step('JSON', () => JSON.stringify({ ...diff, findings }, null, 2).length);
  return out;
}

/**
 * The built CLI as users run it (plain Node, no tsx; bundle loading included): `require` of dist/cli.js with the diff's
 * arguments, measured from before the require to the end of the event loop.
 */
const BUILT = `
const t = performance.now(), c0 = process.cpuUsage();
const [cli, a, b] = process.argv.slice(1);
process.argv = [process.execPath, cli, 'diff', a, b, '--json'];
const write = process.stdout.write.bind(process.stdout);
let bytes = 0;
process.stdout.write = (chunk) => ((bytes += chunk.length), true);
process.once('beforeExit', () => {
  const cpu = process.cpuUsage(c0);
  write(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
    result: { jsonBytes: bytes } }) + '\\n');
});
require(cli);`;

function run(job: string): Sample {
  const args =
    job === 'built'
      ? ['-e', BUILT, path.join(repoRoot, 'dist/cli.js'), ...files]
      : ['--import', 'tsx', __filename, '--child', job];
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    cwd: repoRoot,
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${job} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function runPython(): Sample {
  const script = `
import resource, sys, time, onnx
t, c = time.perf_counter(), time.process_time()
for f in sys.argv[1:]: onnx.load(f)
import json
print(json.dumps({"wallMs": (time.perf_counter() - t) * 1000, "cpuMs": (time.process_time() - c) * 1000,
  "rssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))`;
  const r = spawnSync(debianPython, ['-c', script, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`onnx.load failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, child: { type: 'string' } } });
  if (values.child) return void child(values.child);
  const made = spawnSync(debianPython, [path.join(repoRoot, 'bench/make_diff_models.py'), out], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  const expected = JSON.parse(made.stdout.trim().split('\n').pop()!);
  const samples: Record<string, Sample[]> = { python: [], read: [], diff: [], cli: [], built: [], phases: [] };
  for (let i = 0; i < Number(values.runs); i++) {
    samples.python.push(runPython());
    for (const job of ['read', 'diff', 'cli', 'built', 'phases']) samples[job].push(run(job));
  }
  const found = samples.diff[0].result as Record<string, number>;
  const wrong = Object.keys(found).filter((k) => k !== 'matched' && found[k] !== expected[k]);
  const mb = (f: string) => (fs.statSync(f).size / 1e6).toFixed(1);
  console.log(`models: ${expected.nodes} nodes each (${mb(files[0])} MB, ${mb(files[1])} MB)`);
  console.log(
    `diff found: ${JSON.stringify(found)}; ${wrong.length ? `WRONG (expected ${JSON.stringify(expected)})` : 'the known edits, no more, no fewer'}`,
  );
  const row = (label: string, job: string) => {
    const s = samples[job];
    const [wall, cpu, rss] = [
      median(s.map((x) => x.wallMs)),
      median(s.map((x) => x.cpuMs)),
      Math.max(...s.map((x) => x.rssMb)),
    ];
    const ref = samples.read;
    const ratio = (x: number, r: number) => (x / r).toFixed(2);
    console.log(
      `${label.padEnd(46)} wall ${wall.toFixed(0).padStart(6)} ms (${ratio(wall, median(ref.map((x) => x.wallMs)))}x)` +
        `  cpu ${cpu.toFixed(0).padStart(6)} ms (${ratio(cpu, median(ref.map((x) => x.cpuMs)))}x)` +
        `  peak RSS ${rss.toFixed(0).padStart(4)} MB (${ratio(rss, Math.max(...ref.map((x) => x.rssMb)))}x)`,
    );
    return { wall, cpu };
  };
  console.log(`medians over ${values.runs} runs; ratios against the reference (our reader reading both):`);
  row('reference: our reader, both models', 'read');
  row('Debian onnx 1.12 onnx.load, both models', 'python');
  const diff = row('diff: read both + diffModels', 'diff');
  const cli = row('runDiff --json from source, one thread', 'cli');
  const built = row('dist/cli.js diff --json (bundle load included)', 'built');
  const steps = samples.phases.map((x) => x.result as Record<string, { wallMs: number; cpuMs: number }>);
  console.log(
    `runDiff's steps from source, medians: ${Object.keys(steps[0])
      .map(
        (k) =>
          `${k} ${median(steps.map((s) => s[k].wallMs)).toFixed(0)} ms (cpu ${median(steps.map((s) => s[k].cpuMs)).toFixed(0)})`,
      )
      .join(', ')}`,
  );
  const verdict = (x: { wall: number; cpu: number }) =>
    `${x.wall <= TARGET_MS ? 'met' : 'MISSED'} by wall time, ${x.cpu <= TARGET_MS ? 'met' : 'MISSED'} by CPU time`;
  console.log(`target <= ${TARGET_MS} ms: diff ${verdict(diff)}; runDiff ${verdict(cli)}; built CLI ${verdict(built)}`);
  const bytes = new Set([...samples.cli, ...samples.built].map((x) => (x.result as { jsonBytes: number }).jsonBytes));
  if (bytes.size !== 1) {
    console.log(`the JSON differs in size between runs: ${[...bytes].join(', ')} bytes`);
    process.exitCode = 1;
  }
  if (wrong.length) process.exitCode = 1;
}

main();
