// Shape inference speed: our inference (server/shape-inference) against Debian onnx 1.12's shape inference
// (strict_mode=False, data_prop=True) on the same files in the same run: every corpus model, the shape fixtures,
// and synthetic 10k/30k-node models of exporter-style shape arithmetic. Target: ours <= 0.5x onnx's on every file.
// What each side's clock covers, the same on both: read the file, parse it, infer every tensor's type and shape.
// Ours: readOnnxModel + inferModelShapes. Theirs: read the file's bytes + onnx's C++ infer_shapes on them (the
// entry point onnx.shape_inference.infer_shapes wraps, so no Python protobuf round trip is timed; onnx's C++ parse
// and the serialization of its result, which is how onnx hands shapes back, are). Neither side reads external data.
// The "infer" column is ours without the read, for reference only.
// Fair on a shared machine: the two sides take turns file by file and round by round (the onnx side is one
// Python process answering requests), so load from other work falls on both; a sample is a batch of back-to-back
// calls lasting about --sample-ms (tiny models take microseconds); per side and file the best per-call time over
// --rounds samples counts, in process CPU time (the verdict: immune to waiting for a core on a loaded machine;
// ours includes V8's GC and compiler threads) and in wall-clock time. A warm-up round on both sides comes first
// and is not counted; the "first" column is our first call on each file in this process (cold JIT).
// Ours is timed as users run it: bundled and minified by esbuild as dist/ is (bench/shape-inference-subject.ts into
// bench/.out), not the sources through tsx, whose per-module export getters sit on every cross-module call;
// --from-source times the sources instead.
// --only REGEX times only the files whose path matches (the models not matched are neither read nor kept).
// Usage: npm run bench:shapes [-- --rounds 15 --sample-ms 5 --from-source --only REGEX]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import type { OnnxModel } from '../server/onnx/model';
import * as sources from './shape-inference-subject';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    'warmup-rounds': { type: 'string', default: '3' },
    'sample-ms': { type: 'string', default: '5' },
    'from-source': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const warmupRounds = Math.max(1, Number(values['warmup-rounds']));
const sampleMs = Number(values['sample-ms']);
const root = path.resolve(__dirname, '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(root, '../shared');
const TARGET = 0.5;

/** The subject bundled with dist/'s esbuild settings (esbuild.config.mjs: bundle, minify, node20, CommonJS). */
function bundledSubject(): typeof sources {
  const outfile = path.join(root, 'bench/.out/shape-inference-subject.js');
  buildSync({
    entryPoints: [path.join(root, 'bench/shape-inference-subject.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    outfile,
  });
  return createRequire(__filename)(outfile) as typeof sources;
}

const { readOnnxModel, inferModelShapes } = values['from-source'] ? sources : bundledSubject();

interface Sample {
  wall: number;
  cpu: number;
}

/** Per-call times of one batch. */
function perCall(calls: number, wall: number, cpu: number): Sample {
  return { wall: wall / calls, cpu: cpu / calls };
}

function onnxFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? onnxFiles(path.join(dir, e.name)) : e.name.endsWith('.onnx') ? [path.join(dir, e.name)] : [],
    );
}

/** The onnx 1.12 side: one Python process, one request at a time. */
class Reference {
  private readonly child;
  private readonly lines;

  constructor(dir: string) {
    this.child = spawn('/usr/bin/python3', [path.join(root, 'bench/shape_inference_onnx.py'), dir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async next(): Promise<unknown> {
    const line = await this.lines.next();
    if (line.done) throw new Error('the onnx 1.12 reference process ended early');
    return JSON.parse(line.value);
  }

  async time(file: string, calls: number): Promise<Sample> {
    this.child.stdin.write(`${JSON.stringify({ path: file, calls })}\n`);
    const r = (await this.next()) as { calls: number; wall: number; cpu: number };
    return perCall(r.calls, r.wall, r.cpu);
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** Read + parse + infer, the clock the verdict compares. */
const readAndInfer = (file: string) => inferModelShapes(readOnnxModel(file), { timeLimitMs: 60_000 });

function timeOurs(call: () => unknown, calls: number): Sample {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) call();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return perCall(calls, wall, (used.user + used.system) / 1000);
}

const batch = (perCallMs: number) => Math.max(1, Math.min(100_000, Math.round(sampleMs / Math.max(perCallMs, 1e-4))));
const best = (a: Sample, b: Sample): Sample => ({ wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });
const ms = (x: number) => x.toFixed(x < 1 ? 3 : 2).padStart(9);
const ratio = (x: number) => `${x.toFixed(2)}x`.padStart(9);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shapes-'));
  const reference = new Reference(dir);
  try {
    const { synthetic } = (await reference.next()) as { synthetic: string[] };
    const files = [
      ...onnxFiles(path.join(shared, 'corpus')),
      ...onnxFiles(path.join(root, 'test/fixtures/shape-inference/models')),
    ].sort();
    files.push(...synthetic);
    if (values.only !== undefined) {
      const only = new RegExp(values.only);
      files.splice(0, files.length, ...files.filter((f) => only.test(f)));
    }
    const first = files.map((f) => timeOurs(() => readAndInfer(f), 1).wall);
    const models = files.map((f) => readOnnxModel(f));
    // Warm-up rounds (not counted): each sizes the next round's batches from this round's per-call times, so a
    // batch lasts about --sample-ms once warm (a batch sized from a cold first call would hold a few calls where
    // dozens fit) and the JIT has compiled our code before the counted rounds (the "first" column shows it cold).
    const theirCalls = files.map(() => 1);
    const ourCalls = files.map(() => 1);
    for (let r = 0; r < warmupRounds; r++)
      for (const [i, file] of files.entries()) {
        theirCalls[i] = batch((await reference.time(file, theirCalls[i])).wall);
        ourCalls[i] = batch(timeOurs(() => readAndInfer(file), ourCalls[i]).wall);
        timeOurs(() => inferModelShapes(models[i]), ourCalls[i]);
      }
    const none = () => files.map(() => ({ wall: Infinity, cpu: Infinity }));
    const [theirs, ours, inferOnly] = [none(), none(), none()];
    for (let r = 0; r < rounds; r++)
      for (const [i, file] of files.entries()) {
        theirs[i] = best(theirs[i], await reference.time(file, theirCalls[i]));
        ours[i] = best(
          ours[i],
          timeOurs(() => readAndInfer(file), ourCalls[i]),
        );
        inferOnly[i] = best(
          inferOnly[i],
          timeOurs(() => inferModelShapes(models[i]), ourCalls[i]),
        );
      }
    report(files, models, { ours, theirs, inferOnly, first }, dir);
  } finally {
    reference.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Timings {
  ours: Sample[];
  theirs: Sample[];
  inferOnly: Sample[];
  first: number[];
}

function report(files: string[], models: OnnxModel[], { ours, theirs, inferOnly, first }: Timings, dir: string) {
  const name = (f: string) =>
    f.startsWith(dir) ? path.basename(f) : path.relative(f.startsWith(root) ? root : shared, f);
  console.log(
    'clocks: ours = readOnnxModel + inferModelShapes (read the file, parse it, infer every tensor); onnx = read the ' +
      "file's bytes + onnx 1.12's C++ infer_shapes on them (parse, infer, serialize the result); infer cpu = ours " +
      'without the read; best per-call time over the rounds, process CPU (the verdict) and wall; ours timed ' +
      (values['from-source'] ? 'from the sources (tsx)' : 'bundled as dist/ ships it'),
  );
  const head = ['ours cpu', 'onnx cpu', 'ratio', 'ours wall', 'onnx wall', 'ratio', 'infer cpu', 'first'];
  console.log(
    `${'model (best per-call ms)'.padEnd(60)} ${'nodes'.padStart(6)} ${head.map((h) => h.padStart(9)).join(' ')}`,
  );
  const sum = { ours: 0, theirs: 0, oursCpu: 0, theirsCpu: 0 };
  const worst = { wall: 0, cpu: 0, wallFile: '', cpuFile: '' };
  const over = { wall: 0, cpu: 0 };
  for (const [i, file] of files.entries()) {
    const wall = ours[i].wall / theirs[i].wall;
    const cpu = ours[i].cpu / theirs[i].cpu;
    sum.ours += ours[i].wall;
    sum.theirs += theirs[i].wall;
    sum.oursCpu += ours[i].cpu;
    sum.theirsCpu += theirs[i].cpu;
    if (wall > worst.wall) Object.assign(worst, { wall, wallFile: name(file) });
    if (cpu > worst.cpu) Object.assign(worst, { cpu, cpuFile: name(file) });
    if (wall > TARGET) over.wall++;
    if (cpu > TARGET) over.cpu++;
    const nodes = models[i].graph?.nodes.length ?? 0;
    const cells = [ms(ours[i].cpu), ms(theirs[i].cpu), ratio(cpu), ms(ours[i].wall), ms(theirs[i].wall), ratio(wall)];
    cells.push(ms(inferOnly[i].cpu), ms(first[i]));
    console.log(`${name(file).padEnd(60)} ${String(nodes).padStart(6)} ${cells.join(' ')}`);
  }
  const verdict = (n: number) => (n === 0 ? 'met' : `NOT met on ${n} files`);
  console.log(
    `\nall ${files.length} files, sum of best per-call times vs onnx 1.12: ` +
      `cpu ${sum.oursCpu.toFixed(1)} / ${sum.theirsCpu.toFixed(1)} ms = ${(sum.oursCpu / sum.theirsCpu).toFixed(2)}x, ` +
      `wall ${sum.ours.toFixed(1)} / ${sum.theirs.toFixed(1)} ms = ${(sum.ours / sum.theirs).toFixed(2)}x`,
  );
  console.log(
    `worst file: cpu ${worst.cpu.toFixed(2)}x (${worst.cpuFile}), wall ${worst.wall.toFixed(2)}x (${worst.wallFile})`,
  );
  console.log(`target <= ${TARGET}x on every file: cpu ${verdict(over.cpu)}; wall ${verdict(over.wall)}`);
}

void main();
