#!/usr/bin/env node
// Reader benchmark: `modelready inspect --json` on a ~2 GB model with embedded weights and on the
// same graph without them, against python3-onnx's onnx.load in the same run. Prints figures.
// Usage: node bench/reader.mjs [--runs 3] [--layers 1000]   (needs `npm run build` first)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, layers: { type: 'string', default: '1000' } },
});
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'bench/.out', `large-${values.layers}`);
const embedded = path.join(outDir, 'embedded.onnx');
const weightless = path.join(outDir, 'weightless.onnx');

if (!fs.existsSync(embedded) || !fs.existsSync(weightless)) {
  console.log(`generating models with ${values.layers} layers in ${outDir} ...`);
  execFileSync('/usr/bin/python3', [path.join(root, 'bench/make_large_model.py'), outDir, values.layers], {
    stdio: 'inherit',
  });
}

/** Runs a command under GNU time; returns wall seconds and peak RSS in MB. */
function measure(argv) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  const [wall, kb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMb: kb / 1024 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function series(label, argv) {
  const samples = Array.from({ length: runs }, () => measure(argv));
  const result = { label, wall: median(samples.map((s) => s.wall)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
  console.log(
    `${label.padEnd(34)} median ${result.wall.toFixed(3)} s   peak RSS ${result.rssMb.toFixed(0)} MB   (${runs} runs)`,
  );
  return result;
}

// Warm the page cache so both readers start from the same place.
for (const f of [embedded, weightless]) execFileSync('cat', [f], { stdio: ['ignore', 'ignore', 'inherit'] });

const cli = path.join(root, 'dist/cli.js');
const sizeGb = fs.statSync(embedded).size / 1e9;
console.log(
  `embedded model: ${sizeGb.toFixed(2)} GB, weightless model: ${(fs.statSync(weightless).size / 1e6).toFixed(2)} MB`,
);
const ours = series('modelready inspect (embedded)', [process.execPath, cli, 'inspect', embedded, '--json']);
const oursLight = series('modelready inspect (weightless)', [process.execPath, cli, 'inspect', weightless, '--json']);
const onnx = series('python3-onnx onnx.load (embedded)', [
  '/usr/bin/python3',
  '-c',
  'import onnx,sys; onnx.load(sys.argv[1])',
  embedded,
]);

const timeRatio = ours.wall / onnx.wall;
const sizeRatio = ours.wall / oursLight.wall;
console.log('');
console.log(
  `time vs onnx.load:         ${timeRatio.toFixed(3)}x   (target <= 0.1x)  ${timeRatio <= 0.1 ? 'MET' : 'MISSED'}`,
);
console.log(
  `peak RSS (embedded):       ${ours.rssMb.toFixed(0)} MB (target <= 200 MB)  ${ours.rssMb <= 200 ? 'MET' : 'MISSED'}`,
);
console.log(
  `embedded vs weightless:    ${sizeRatio.toFixed(2)}x   (target <= 1.5x)  ${sizeRatio <= 1.5 ? 'MET' : 'MISSED'}`,
);
