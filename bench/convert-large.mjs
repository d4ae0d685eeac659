#!/usr/bin/env node
// Opset conversion benchmark: `modelready convert-opset` writing the ~2 GB benchmark model (weights embedded)
// against `cp` of the same file in the same run; memory against the same 1000-layer graph without its weights
// (external-data references only) and against a 20 MB 10-layer model: it must not grow with the weights, since
// payloads are spliced from the source, never held in memory.
// Usage: node bench/convert-large.mjs [--runs 3]   (needs `npm run build`; models are shared with bench/reader.mjs)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.js');
// The generated graph uses opset 17 (python3-onnx 1.12's newest); converting to 16 rewrites the whole file.
const TARGET_OPSET = '16';

function benchModel(layers) {
  const outDir = path.join(root, 'bench/.out', `large-${layers}`);
  const embedded = path.join(outDir, 'embedded.onnx');
  if (!fs.existsSync(embedded)) {
    console.log(`generating the ${layers}-layer model in ${outDir} ...`);
    execFileSync('/usr/bin/python3', [path.join(root, 'bench/make_large_model.py'), outDir, String(layers)], {
      stdio: 'inherit',
    });
  }
  return embedded;
}

/** Runs a command under GNU time; returns wall seconds and peak RSS in MB. */
function measure(argv) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  const [wall, kb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMb: kb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const large = benchModel(1000);
const weightless = path.join(path.dirname(large), 'weightless.onnx');
// Next to its model: the writer keeps external-data references resolvable, so it writes into the same folder.
const weightlessOut = path.join(path.dirname(large), 'convert-out.onnx');
const small = benchModel(10);
const out = path.join(root, 'bench/.out', 'convert-out.onnx');
const copy = path.join(root, 'bench/.out', 'copy-out.onnx');
execFileSync('cat', [large], { stdio: ['ignore', 'ignore', 'inherit'] }); // warm the page cache for both

const samples = { cp: [], cpSync: [], large: [], weightless: [], small: [] };
// Interleaved, so disk and page-cache state drift hits both sides alike; outputs removed after each run.
for (let i = 0; i < runs; i++) {
  samples.cp.push(measure(['cp', large, copy]));
  fs.rmSync(copy, { force: true });
  // The writer fsyncs before its rename (a crash must leave the old file or the whole new one): the like-for-like
  // reference is a copy that is on disk too. coreutils `sync FILE` fsyncs that file.
  samples.cpSync.push(measure(['sh', '-c', 'cp "$0" "$1" && sync "$1"', large, copy]));
  fs.rmSync(copy, { force: true });
  samples.large.push(measure([process.execPath, cli, 'convert-opset', large, '--to', TARGET_OPSET, '--out', out]));
  if (fs.statSync(out).size < fs.statSync(large).size * 0.99) throw new Error('converted model is unexpectedly small');
  fs.rmSync(out, { force: true });
  samples.small.push(measure([process.execPath, cli, 'convert-opset', small, '--to', TARGET_OPSET, '--out', out]));
  fs.rmSync(out, { force: true });
  samples.weightless.push(
    measure([process.execPath, cli, 'convert-opset', weightless, '--to', TARGET_OPSET, '--out', weightlessOut]),
  );
  fs.rmSync(weightlessOut, { force: true });
}

const summary = (label, s) => {
  const r = { wall: median(s.map((x) => x.wall)), rssMb: Math.max(...s.map((x) => x.rssMb)) };
  console.log(`${label.padEnd(40)} median ${r.wall.toFixed(2)} s   peak RSS ${r.rssMb.toFixed(0)} MB   (${runs} runs)`);
  return r;
};
console.log(
  `model: ${(fs.statSync(large).size / 1e9).toFixed(2)} GB embedded weights; small model of the same structure: ${(fs.statSync(small).size / 1e6).toFixed(1)} MB`,
);
const cp = summary('cp (same file, same disk)', samples.cp);
const cpSync = summary('cp + sync of the copy (durable)', samples.cpSync);
const conv = summary(`convert-opset 17 -> ${TARGET_OPSET} (2 GB)`, samples.large);
const convWeightless = summary(`convert-opset, same graph, no weights`, samples.weightless);
const convSmall = summary(`convert-opset 17 -> ${TARGET_OPSET} (20 MB, 10 layers)`, samples.small);

const timeRatio = conv.wall / cpSync.wall;
const rssRatio = conv.rssMb / convWeightless.rssMb;
console.log('');
console.log(
  `time vs durable cp:            ${timeRatio.toFixed(2)}x   (target <= 2x)  ${timeRatio <= 2 ? 'MET' : 'MISSED'}`,
);
console.log(
  `time vs plain cp (page cache): ${(conv.wall / cp.wall).toFixed(2)}x   (for reference: cp does not wait for the disk)`,
);
console.log(
  `peak RSS with vs without weights: ${rssRatio.toFixed(2)}x   (${conv.rssMb.toFixed(0)} MB vs ${convWeightless.rssMb.toFixed(0)} MB, same graph; target: independent of weight size, <= 1.2x)  ${rssRatio <= 1.2 ? 'MET' : 'MISSED'}`,
);
console.log(
  `peak RSS 2 GB vs 20 MB model:     ${(conv.rssMb / convSmall.rssMb).toFixed(2)}x   (${conv.rssMb.toFixed(0)} MB vs ${convSmall.rssMb.toFixed(0)} MB; 100x the graph and the weights)`,
);
