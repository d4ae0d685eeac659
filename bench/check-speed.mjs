#!/usr/bin/env node
// Check speed: `modelready check` end to end (process start to exit) on the largest corpus model,
// against references measured in the same run: `modelready inspect --json` (process start + reading
// the model, no rules) and Debian's python3-onnx loading and checking it (onnx.load + check_model).
// Also the in-process time of the rules alone (model already read). Prints wall and CPU figures.
// Usage: npm run bench:check [-- --runs 9]   (builds first)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');
const corpus = path.join(process.env.MODELREADY_SHARED ?? path.resolve(root, '../shared'), 'corpus/onnx');
const TARGET_MS = 300;
/** Debian's python3-onnx lives in the system interpreter; PYTHON picks another one. */
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

function onnxFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? onnxFiles(path.join(dir, e.name)) : e.name.endsWith('.onnx') ? [path.join(dir, e.name)] : [],
    );
}
const model = onnxFiles(corpus).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];

/** Runs a command: wall milliseconds, and CPU (user + system) milliseconds of the child from GNU time (10 ms resolution). */
function measure(argv) {
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - start;
  // check exits 1 when it finds errors; anything else is a failure of the command.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
  const [user, sys] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: (user + sys) * 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function series(label, argv) {
  measure(argv); // warm-up: page cache
  const samples = Array.from({ length: runs }, () => measure(argv));
  const wall = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  const fmt = (ms) => ms.toFixed(0).padStart(5);
  console.log(
    `${label.padEnd(46)} wall median ${fmt(wall)} ms, min ${fmt(Math.min(...samples.map((s) => s.wall)))} ms   CPU median ${fmt(cpu)} ms`,
  );
  return { wall, cpu };
}

const cli = path.join(root, 'dist/cli.js');
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores (wall times grow with load; CPU times much less)`,
);
console.log(
  `model: ${path.relative(root, model)} (${(fs.statSync(model).size / 1e6).toFixed(1)} MB), ${runs} runs each after a warm-up`,
);
const check = series('modelready check (end to end)', [process.execPath, cli, 'check', model, '--format', 'json']);
const inspect = series('modelready inspect --json (read only)', [process.execPath, cli, 'inspect', model, '--json']);
const python = series(`python3-onnx onnx.load + checker.check_model`, [
  PYTHON,
  '-c',
  'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]))',
  model,
]);

// The rules alone, in this process: the model is read once, then every rule runs on it.
const { tsImport } = await import('tsx/esm/api');
const { readOnnxModel } = await tsImport('../server/onnx/reader.ts', import.meta.url);
const { checkOnnxModel } = await tsImport('../server/rules/index.ts', import.meta.url);
const { defaultConfig } = await tsImport('../server/config/config.ts', import.meta.url);
const parsed = readOnnxModel(model);
const config = defaultConfig(path.dirname(model));
checkOnnxModel(parsed, config);
const ruleSamples = Array.from({ length: runs }, () => {
  const start = performance.now();
  checkOnnxModel(parsed, config);
  return performance.now() - start;
});
const rules = median(ruleSamples);
console.log(`${'rules only (in process, model already read)'.padEnd(46)} median ${rules.toFixed(1).padStart(5)} ms`);

console.log('');
console.log(
  `check end to end:          wall ${check.wall.toFixed(0)} ms, CPU ${check.cpu.toFixed(0)} ms (target < ${TARGET_MS} ms)  ${check.wall < TARGET_MS ? 'MET' : check.cpu < TARGET_MS ? 'MET in CPU time only (machine loaded)' : 'MISSED'}`,
);
console.log(
  `check vs inspect:          ${(check.wall / inspect.wall).toFixed(2)}x wall, ${(check.cpu / inspect.cpu).toFixed(2)}x CPU (the rules add ${(check.cpu - inspect.cpu).toFixed(0)} ms CPU to reading the model)`,
);
console.log(
  `check vs onnx load+check:  ${(check.wall / python.wall).toFixed(2)}x wall, ${(check.cpu / python.cpu).toFixed(2)}x CPU`,
);
