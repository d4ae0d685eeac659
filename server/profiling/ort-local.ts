// "Run with ONNX Runtime (local)": runs the model on the CPU with npm onnxruntime-node at the min, opt and max
// shapes of its dynamic-shape profile (a smoke test that the export runs at the extremes it promises; failures
// become findings), times whole inferences at the opt shape and collects per-node times from ORT's own profiler there.
// The profiling session disables graph optimizations so ORT's node names are the model's own and map 1:1 onto the
// graph. `ortImportedRun` turns the result into the run store's shape, so ORT runs sit beside trtexec runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../findings';
import type { ImportedRun } from '../contract/trtexec-results';
import type { OrtLocalResult, OrtNodeTime, OrtShapeRun, ProfilePoint, StoredRun } from '../contract/runs';
import type { RunStore } from './run-store';
import type { ShapeRange } from '../contract/shape-profiles';
import { statsOf } from './trtexec-exports';
import { loadOnnxRuntime } from './ort-runtime';

type Ort = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;
type Tensor = import('onnxruntime-node').Tensor;

export interface OrtLocalOptions {
  /** Timed and then profiled runs at the opt shape (the profiled ones after one warm-up run). */
  iterations?: number;
  /** Seed for the random inputs, so two runs feed the same data. */
  seed?: number;
}

/** Small deterministic PRNG (mulberry32): reproducible random inputs without a dependency. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_ELEMENTS = 256 * 1024 * 1024;

function randomTensor(ort: Ort, type: string, dims: number[], next: () => number): Tensor {
  const size = dims.reduce((p, d) => p * d, 1);
  if (size > MAX_ELEMENTS) throw new Error(`input of ${size} elements is too large for a local run`);
  switch (type) {
    case 'float32':
      return new ort.Tensor(
        'float32',
        Float32Array.from({ length: size }, () => next() * 2 - 1),
        dims,
      );
    case 'float64':
      return new ort.Tensor(
        'float64',
        Float64Array.from({ length: size }, () => next() * 2 - 1),
        dims,
      );
    // Integer inputs are usually ids, masks or token types: 0/1 is valid for all of them.
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: size }, () => BigInt(Math.floor(next() * 2))),
        dims,
      );
    case 'int32':
      return new ort.Tensor(
        'int32',
        Int32Array.from({ length: size }, () => Math.floor(next() * 2)),
        dims,
      );
    case 'bool':
      return new ort.Tensor(
        'bool',
        Uint8Array.from({ length: size }, () => (next() < 0.5 ? 0 : 1)),
        dims,
      );
    case 'uint8':
      return new ort.Tensor(
        'uint8',
        Uint8Array.from({ length: size }, () => Math.floor(next() * 256)),
        dims,
      );
    default:
      throw new Error(`input type ${type} is not supported by the local runner`);
  }
}

interface InputSpec {
  name: string;
  type: string;
  shape: (number | string)[];
}

function inputSpecs(session: Session): InputSpec[] {
  return session.inputMetadata.map((m) => {
    if (!m.isTensor) throw new Error(`input ${m.name} is not a tensor`);
    return { name: m.name, type: m.type, shape: [...m.shape] };
  });
}

function shapesAt(
  specs: InputSpec[],
  profile: Record<string, ShapeRange>,
  point: ProfilePoint,
  assumedOne: Set<string>,
): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const spec of specs) {
    const ranged = profile[spec.name];
    if (ranged) {
      out[spec.name] = ranged[point];
      continue;
    }
    out[spec.name] = spec.shape.map((d) => {
      if (typeof d === 'number' && d >= 0) return d;
      assumedOne.add(spec.name);
      return 1;
    });
  }
  return out;
}

/** Reads ORT's Chrome-trace profile: "Node" events named "<node>_kernel_time" with durations in µs. */
export function nodeTimesFromOrtProfile(events: unknown, profiledRuns: number): OrtNodeTime[] {
  if (!Array.isArray(events)) throw new Error('ORT profile is not a JSON array of events');
  const totals = new Map<string, { opType: string; us: number; count: number }>();
  for (const e of events as { cat?: string; name?: string; dur?: number; args?: { op_name?: string } }[]) {
    if (
      e?.cat !== 'Node' ||
      typeof e.name !== 'string' ||
      !e.name.endsWith('_kernel_time') ||
      typeof e.dur !== 'number'
    )
      continue;
    const name = e.name.slice(0, -'_kernel_time'.length);
    const t = totals.get(name) ?? { opType: e.args?.op_name ?? '', us: 0, count: 0 };
    t.us += e.dur;
    t.count++;
    totals.set(name, t);
  }
  const all = [...totals.values()].reduce((s, t) => s + t.us, 0);
  return [...totals.entries()]
    .map(([name, t]) => ({
      name,
      opType: t.opType,
      averageMs: t.us / 1000 / Math.max(1, profiledRuns),
      runs: t.count,
      percentage: all > 0 ? (100 * t.us) / all : 0,
    }))
    .sort((a, b) => b.averageMs - a.averageMs);
}

export async function runOrtLocal(
  modelPath: string,
  profile: Record<string, ShapeRange> = {},
  options: OrtLocalOptions = {},
): Promise<OrtLocalResult> {
  const ort: Ort = await loadOnnxRuntime();
  const next = rng(options.seed ?? 1);
  const iterations = options.iterations ?? 5;
  const findings: Finding[] = [];
  const assumedOne = new Set<string>();
  const runs: OrtShapeRun[] = [];
  const latencyMs: number[] = [];

  const session = await ort.InferenceSession.create(modelPath, { logSeverityLevel: 3 });
  const specs = inputSpecs(session);
  const feedsFor = (shapes: Record<string, number[]>) =>
    Object.fromEntries(specs.map((s) => [s.name, randomTensor(ort, s.type, shapes[s.name], next)]));
  try {
    for (const point of ['min', 'opt', 'max'] as const) {
      const shapes = shapesAt(specs, profile, point, assumedOne);
      const started = performance.now();
      try {
        await session.run(feedsFor(shapes));
        runs.push({ point, shapes, ok: true, ms: performance.now() - started });
      } catch (e) {
        const error = (e as Error).message.split('\n')[0];
        runs.push({ point, shapes, ok: false, ms: performance.now() - started, error });
        findings.push({
          ruleId: 'ort/run-failed',
          severity: 'error',
          message: `ONNX Runtime cannot run the model at the profile's ${point} shapes (${Object.entries(shapes)
            .map(([n, d]) => `${n}: ${d.join('x')}`)
            .join(', ')}): ${error}`,
          file: modelPath,
        });
      }
    }
    // The opt run above warmed the session up; these runs give the latency figures.
    const opt = runs.find((r) => r.point === 'opt');
    if (opt?.ok) {
      const feeds = feedsFor(opt.shapes);
      for (let i = 0; i < iterations; i++) {
        const started = performance.now();
        await session.run(feeds);
        latencyMs.push(performance.now() - started);
      }
    }
  } finally {
    await session.release();
  }

  let nodes: OrtNodeTime[] = [];
  const opt = runs.find((r) => r.point === 'opt');
  if (opt?.ok) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-ort-'));
    try {
      const profiling = await ort.InferenceSession.create(modelPath, {
        logSeverityLevel: 3,
        graphOptimizationLevel: 'disabled',
        enableProfiling: true,
        profileFilePrefix: path.join(dir, 'ort'),
      });
      try {
        const feeds = feedsFor(opt.shapes);
        await profiling.run(feeds); // warm-up, also profiled: counted in the divisor below
        for (let i = 0; i < iterations; i++) await profiling.run(feeds);
        profiling.endProfiling();
      } finally {
        await profiling.release();
      }
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.json'));
      if (!file) throw new Error('ONNX Runtime wrote no profile');
      nodes = nodeTimesFromOrtProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), iterations + 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { runs, nodes, findings, assumedOne: [...assumedOne], latencyMs };
}

/**
 * The run store's view of an ORT run: one "layer" per ONNX node (mapped to itself), latency from the timed runs.
 * Too few timed runs for meaningful percentiles, so none are given; there is no per-node median either.
 */
export function ortImportedRun(result: OrtLocalResult): ImportedRun {
  const latency = result.latencyMs.length ? { ...statsOf(result.latencyMs), percentilesMs: {} } : undefined;
  return {
    summary: {
      warnings: [],
      sources: [],
      latency,
      // Sequential runs, one at a time: inferences per second at the opt shape.
      throughputQps: latency && latency.meanMs > 0 ? 1000 / latency.meanMs : undefined,
      timedInferences: result.latencyMs.length || undefined,
    },
    layers: result.nodes.map((n) => ({
      name: n.name,
      timeMs: null,
      averageMs: n.averageMs,
      medianMs: null,
      percentage: n.percentage,
      layerType: n.opType,
      onnxNodes: [n.name],
      mappedBy: 'name' as const,
    })),
  };
}

/** Keeps an ORT run in the run store, labelled by engine, provider and opt shapes. */
export function storeOrtRun(
  store: RunStore,
  modelPath: string,
  result: OrtLocalResult,
  finishedAt = new Date(),
): StoredRun {
  const opt = result.runs.find((r) => r.point === 'opt');
  const label = [
    'ONNX Runtime',
    'CPU',
    opt &&
      `opt ${Object.entries(opt.shapes)
        .map(([n, d]) => `${n} ${d.join('x')}`)
        .join(', ')}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return store.save(modelPath, label, ortImportedRun(result), finishedAt, {
    engine: 'onnxruntime',
    onnxRuntime: { provider: 'cpu', shapeRuns: result.runs, assumedOne: result.assumedOne },
  });
}
