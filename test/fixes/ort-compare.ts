// Runs two models with onnxruntime-node (CPU) on the same random inputs and compares the outputs. ONNX Runtime is
// loaded the way ModelReady loads it (`npm run ort:install` adds it), so a checkout without it says what to run.
import type * as ort from 'onnxruntime-node';
import type { OnnxModel } from '../../server/onnx/model';
import { loadOnnxRuntime } from '../../server/profiling/ort-runtime';

/** What a tensor is made of; runModel turns feeds into ONNX Runtime tensors. */
export interface TensorData {
  type: ort.Tensor.Type;
  data: ort.Tensor['data'];
  dims: readonly number[];
}

const TYPED: Record<string, (n: number, next: () => number) => ort.Tensor['data']> = {
  FLOAT: (n, next) => Float32Array.from({ length: n }, () => next() * 2 - 1),
  DOUBLE: (n, next) => Float64Array.from({ length: n }, () => next() * 2 - 1),
  INT64: (n, next) => BigInt64Array.from({ length: n }, () => BigInt(Math.floor(next() * 3))),
  INT32: (n, next) => Int32Array.from({ length: n }, () => Math.floor(next() * 3)),
  BOOL: (n, next) => Uint8Array.from({ length: n }, () => (next() < 0.5 ? 0 : 1)),
};
const ORT_TYPES: Record<string, ort.Tensor.Type> = {
  FLOAT: 'float32',
  DOUBLE: 'float64',
  INT64: 'int64',
  INT32: 'int32',
  BOOL: 'bool',
};

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random feeds for the model's real inputs (symbolic dims as 1); undefined when a type is not covered. */
export function randomFeeds(model: OnnxModel, seed = 7): Record<string, TensorData> | undefined {
  const next = rng(seed);
  const initializers = new Set(model.graph!.initializers.map((t) => t.name));
  const feeds: Record<string, TensorData> = {};
  for (const input of model.graph!.inputs) {
    if (initializers.has(input.name)) continue;
    if (input.type?.kind !== 'tensor' || !TYPED[input.type.elemType]) return undefined;
    const dims = (input.type.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[input.name] = { type: ORT_TYPES[input.type.elemType], data: TYPED[input.type.elemType](n, next), dims };
  }
  return feeds;
}

export async function runModel(file: string, feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(file, { logSeverityLevel: 4 });
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data as Float32Array, t.dims)]),
    );
    return await session.run(tensors);
  } finally {
    await session.release();
  }
}

/** Largest difference between matching outputs, scaled for large magnitudes; Infinity on shape/type mismatch. */
export function maxDifference(a: Record<string, TensorData>, b: Record<string, TensorData>): number {
  let worst = 0;
  for (const [name, ta] of Object.entries(a)) {
    const tb = b[name];
    if (!tb || ta.type !== tb.type || ta.dims.join() !== tb.dims.join()) return Infinity;
    const da = ta.data as ArrayLike<number | bigint>;
    const db = tb.data as ArrayLike<number | bigint>;
    for (let i = 0; i < da.length; i++) {
      const x = Number(da[i]);
      const y = Number(db[i]);
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (x === y) continue;
      worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(x)));
    }
  }
  return worst;
}
