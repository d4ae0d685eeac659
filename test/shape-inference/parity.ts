// Compares our inferred types and shapes with onnx's reference (goldens.json from scripts/gen-shape-goldens.py)
// and checks every dim where we are more specific than onnx against onnxruntime's real shapes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Dim, OnnxGraph, OnnxType } from '../../server/onnx/model';
import { readOnnxModel } from '../../server/onnx/reader';
import { evaluateDim } from '../../server/shape-inference/dims';
import type { GraphShapes } from '../../server/shape-inference/engine';
import { inferModelShapes } from '../../server/shape-inference/engine';
import { corpusDir, repoRoot } from '../support/paths';

export const fixtureDir = path.join(repoRoot, 'test/fixtures/shape-inference');

interface GoldenType {
  elemType?: string;
  shape?: (number | string | null)[] | null;
  kind?: string;
}
interface GoldenModel {
  fingerprint?: string;
  onnx?: Record<string, Record<string, GoldenType>>;
  ort?: {
    inputs: Record<string, number[]>;
    symbols: Record<string, number>;
    tensors: Record<string, { elemType: string; shape: number[] }>;
  };
}
export interface Goldens {
  onnxVersion: string;
  models: Record<string, GoldenModel>;
}

export function loadGoldens(): Goldens {
  return JSON.parse(fs.readFileSync(path.join(fixtureDir, 'goldens.json'), 'utf8'));
}

/** The files a golden entry describes: a committed fixture, or corpus files of the same graph. */
export function goldenFiles(key: string): string[] {
  if (key.startsWith('models/')) return [path.join(fixtureDir, key)];
  const base = path.join(corpusDir, key);
  return [base, base.replace(/\.onnx$/, '.full.onnx')].filter((f) => fs.existsSync(f));
}

export function graphFingerprint(graph: OnnxGraph): string {
  const text = graph.nodes.map((n) => `${n.opType}:${n.inputs.join(',')}->${n.outputs.join(',')}`).join('\n');
  return crypto.createHash('sha256').update(text).digest('hex');
}

const NUMPY_TYPES: Record<string, string> = {
  float32: 'FLOAT',
  float64: 'DOUBLE',
  float16: 'FLOAT16',
  int64: 'INT64',
  int32: 'INT32',
  int8: 'INT8',
  uint8: 'UINT8',
  bool: 'BOOL',
};

export type Verdict = 'equal' | 'confirmed' | 'unconfirmed' | 'less' | 'different';

export interface Difference {
  model: string;
  graph: string;
  tensor: string;
  verdict: Verdict;
  onnx: string;
  ours: string;
}

export interface ParityResult {
  counts: Record<Verdict, number>;
  differences: Difference[];
  /** Dims we stated as numbers (or symbol expressions) that onnxruntime contradicted at concrete shapes. */
  wrongAtRuntime: Difference[];
}

const goldenDim = (d: number | string | null): Dim => (typeof d === 'string' && /^unk__\d+$/.test(d) ? null : d);

function describe(elemType: string | undefined, shape: Dim[] | null | undefined): string {
  return `${elemType ?? '?'} ${shape ? `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : '(no shape)'}`;
}

function tensorParts(type: OnnxType | undefined): { elemType?: string; shape?: Dim[] } {
  return type && type.kind === 'tensor' ? { elemType: type.elemType, shape: type.shape } : {};
}

/** Compares one tensor; `runtime` confirms dims where we are more specific. */
export function compareTensor(
  golden: GoldenType,
  ours: OnnxType | undefined,
  runtime: { shape: number[]; elemType: string } | undefined,
  symbols: Record<string, number>,
): Verdict {
  const mine = tensorParts(ours);
  if (golden.kind) return ours && ours.kind !== 'tensor' ? 'equal' : 'less';
  if (!mine.elemType || mine.elemType === 'UNDEFINED') return golden.elemType ? 'less' : 'equal';
  if (golden.elemType !== mine.elemType) return 'different';
  const g = golden.shape === null || golden.shape === undefined ? undefined : golden.shape.map(goldenDim);
  const o = mine.shape;
  if (!g && !o) return 'equal';
  if (g && !o) return 'less';
  let more = false;
  let less = false;
  if (g && o) {
    if (g.length !== o.length) return 'different';
    for (let i = 0; i < g.length; i++) {
      const [a, b] = [g[i], o[i]];
      if (typeof a === 'number' && typeof b === 'number') {
        if (a !== b) return 'different';
      } else if (typeof a === 'string' && typeof b === 'string') continue;
      else if (a === null && b === null) continue;
      else if (a === null || (typeof a === 'string' && typeof b === 'number')) more = true;
      else less = true;
    }
  } else more = true;
  if (less) return 'less';
  if (!more) return 'equal';
  if (!runtime || runtime.shape.length !== o!.length) return 'unconfirmed';
  // Only the dims where we say more than onnx need the runtime's word.
  const saysMore = (i: number) => (g ? g[i] === null || (typeof g[i] === 'string' && typeof o![i] === 'number') : true);
  return o!.every((d, i) => !saysMore(i) || d === null || evaluateDim(d, symbols) === runtime.shape[i])
    ? 'confirmed'
    : 'unconfirmed';
}

function flattenSubgraphs(shapes: GraphShapes, prefix = '', out = new Map<string, GraphShapes>()) {
  out.set(prefix, shapes);
  for (const [key, sub] of shapes.subgraphs) flattenSubgraphs(sub, `${prefix}${key}/`, out);
  return out;
}

export function measureParity(goldens: Goldens, only?: (key: string) => boolean): ParityResult {
  const counts: Record<Verdict, number> = { equal: 0, confirmed: 0, unconfirmed: 0, less: 0, different: 0 };
  const differences: Difference[] = [];
  const wrongAtRuntime: Difference[] = [];
  for (const [key, golden] of Object.entries(goldens.models)) {
    if (only && !only(key)) continue;
    if (!golden.onnx) continue;
    const file = goldenFiles(key)[0];
    if (!file) continue;
    const model = readOnnxModel(file);
    if (golden.fingerprint && model.graph && graphFingerprint(model.graph) !== golden.fingerprint)
      throw new Error(`${key}: the corpus file is not the graph the goldens were made from`);
    const inferred = inferModelShapes(model, { useStoredValueInfo: false });
    const graphs = flattenSubgraphs(inferred.main);
    const ort = golden.ort;
    for (const [graphKey, tensors] of Object.entries(golden.onnx)) {
      const ours = graphs.get(graphKey);
      for (const [name, type] of Object.entries(tensors)) {
        const mine = ours?.tensors.get(name)?.type;
        const runtime = graphKey === '' ? ort?.tensors[name] : undefined;
        const verdict = compareTensor(type, mine, runtime, ort?.symbols ?? {});
        counts[verdict]++;
        if (verdict !== 'equal' && verdict !== 'confirmed')
          differences.push({
            model: key,
            graph: graphKey,
            tensor: name,
            verdict,
            onnx: describe(type.elemType, type.shape?.map(goldenDim)),
            ours: describe(tensorParts(mine).elemType, tensorParts(mine).shape),
          });
      }
    }
    // At concrete input shapes every dim we state must be the real one.
    if (ort) {
      const concrete = inferModelShapes(model, { useStoredValueInfo: false, inputShapes: ort.inputs });
      for (const [name, real] of Object.entries(ort.tensors)) {
        const mine = tensorParts(concrete.main.tensors.get(name)?.type);
        const typeWrong = mine.elemType && NUMPY_TYPES[real.elemType] && mine.elemType !== NUMPY_TYPES[real.elemType];
        const shapeWrong =
          mine.shape &&
          (mine.shape.length !== real.shape.length ||
            mine.shape.some((d, i) => typeof d === 'number' && d !== real.shape[i]));
        if (typeWrong || shapeWrong)
          wrongAtRuntime.push({
            model: key,
            graph: '',
            tensor: name,
            verdict: 'different',
            onnx: `onnxruntime ${describe(NUMPY_TYPES[real.elemType] ?? real.elemType, real.shape)}`,
            ours: describe(mine.elemType, mine.shape),
          });
      }
    }
  }
  return { counts, differences, wrongAtRuntime };
}
