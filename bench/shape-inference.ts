// Shape inference speed: our inference (server/shape-inference) against Debian onnx 1.12's
// infer_shapes(strict_mode=False, data_prop=True) on the same files in the same run: every corpus model, the
// shape fixtures, and synthetic 10k/30k-node models of exporter-style shape arithmetic. Best of N per file,
// model already loaded on both sides. Target: ours <= 0.5x onnx's.
// Usage: npm run bench:shapes [-- --runs 5]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readOnnxModel } from '../server/onnx/reader';
import { inferModelShapes } from '../server/shape-inference/engine';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(root, '../shared');
const TARGET = 0.5;

function onnxFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? onnxFiles(path.join(dir, e.name)) : e.name.endsWith('.onnx') ? [path.join(dir, e.name)] : [],
    );
}

const files = [
  ...onnxFiles(path.join(shared, 'corpus')),
  ...onnxFiles(path.join(root, 'test/fixtures/shape-inference/models')),
].sort();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shapes-'));
try {
  const reference = JSON.parse(
    execFileSync('/usr/bin/python3', [path.join(root, 'bench/shape_inference_onnx.py'), dir, String(runs)], {
      input: JSON.stringify(files),
      maxBuffer: 64 << 20,
    }).toString(),
  ) as { synthetic: string[]; ms: Record<string, number> };
  let oursTotal = 0;
  let onnxTotal = 0;
  let worst = 0;
  const rows: string[] = [];
  for (const file of [...files, ...reference.synthetic]) {
    const model = readOnnxModel(file);
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      inferModelShapes(model, { timeLimitMs: 60_000 });
      best = Math.min(best, performance.now() - start);
    }
    const theirs = reference.ms[file];
    oursTotal += best;
    onnxTotal += theirs;
    const ratio = best / theirs;
    const nodes = model.graph?.nodes.length ?? 0;
    if (nodes >= 1000) worst = Math.max(worst, ratio);
    rows.push(
      `${path.basename(path.dirname(file)) === 'exported' || file.startsWith(dir) ? path.basename(file) : path.relative(shared, file)}`.padEnd(
        72,
      ) +
        `${String(nodes).padStart(6)} nodes  ours ${best.toFixed(2).padStart(8)} ms  onnx ${theirs.toFixed(2).padStart(8)} ms  ${ratio.toFixed(2)}x`,
    );
  }
  console.log(rows.join('\n'));
  const total = oursTotal / onnxTotal;
  console.log(
    `\nall ${files.length + reference.synthetic.length} files: ours ${oursTotal.toFixed(1)} ms, onnx 1.12 ${onnxTotal.toFixed(1)} ms: ${total.toFixed(2)}x (target <= ${TARGET}x); worst ratio among models of >= 1000 nodes ${worst.toFixed(2)}x`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
