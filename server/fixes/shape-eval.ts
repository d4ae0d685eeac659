// A small evaluator for the shape-arithmetic ops exporters leave behind (Shape -> Gather ->
// Unsqueeze -> Concat -> Reshape and friends), so graph cleanup can fold them into constants.
// Values are small tensors; integer arithmetic is exact (bigint).
import type { Dim } from '../onnx/model';

export interface ConstValue {
  elemType: string;
  dims: number[];
  values: (number | bigint)[];
}

/** Folding stops at tensors larger than this: constants are for shapes and indices, not weights. */
export const MAX_FOLD_ELEMENTS = 4096;

export interface EvalNode {
  opType: string;
  inputs: (ConstValue | undefined)[];
  /** Static shape of input 0, when known (for Shape of a non-constant tensor). */
  inputShape?: Dim[];
  attrs: {
    i(name: string): number | undefined;
    ints(name: string): number[] | undefined;
    t(name: string): ConstValue | undefined;
  };
  opset: number;
}

const INT_TYPES = new Set(['INT64', 'INT32', 'INT16', 'INT8', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'BOOL']);

function size(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function int64(values: (number | bigint)[], dims = [values.length]): ConstValue {
  return { elemType: 'INT64', dims, values: values.map((v) => BigInt(v)) };
}

function asNumbers(v: ConstValue): number[] {
  return v.values.map((x) => Number(x));
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function broadcastBinary(
  a: ConstValue,
  b: ConstValue,
  op: (x: bigint, y: bigint) => bigint | undefined,
  fop: (x: number, y: number) => number,
): ConstValue | undefined {
  if (a.elemType !== b.elemType) return undefined;
  const n = Math.max(a.values.length, b.values.length);
  if (!(a.values.length === n || a.values.length === 1) || !(b.values.length === n || b.values.length === 1))
    return undefined;
  if (a.dims.length > 1 || b.dims.length > 1) return undefined;
  const dims = a.values.length === n && a.dims.length >= b.dims.length ? a.dims : b.dims;
  const out: (number | bigint)[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.values[a.values.length === 1 ? 0 : i];
    const y = b.values[b.values.length === 1 ? 0 : i];
    if (a.elemType === 'INT64' || a.elemType === 'INT32') {
      const r = op(BigInt(x), BigInt(y));
      if (r === undefined) return undefined;
      out.push(a.elemType === 'INT64' ? r : Number(BigInt.asIntN(32, r)));
    } else if (a.elemType === 'FLOAT' || a.elemType === 'DOUBLE') {
      out.push(a.elemType === 'FLOAT' ? Math.fround(fop(Number(x), Number(y))) : fop(Number(x), Number(y)));
    } else return undefined;
  }
  return { elemType: a.elemType, dims, values: out };
}

/** Integer division rounding toward zero, as C and onnxruntime do. */
function divInt(x: bigint, y: bigint): bigint | undefined {
  return y === 0n ? undefined : x / y;
}

const EVALUATORS: Record<string, (n: EvalNode) => ConstValue[] | undefined> = {
  Shape: (n) => {
    const shape = n.inputs[0]?.dims ?? n.inputShape;
    if (!shape || shape.some((d) => typeof d !== 'number')) return undefined;
    const dims = shape as number[];
    const start = normAxis(n.attrs.i('start') ?? 0, dims.length);
    const endAttr = n.attrs.i('end');
    const end = endAttr === undefined ? dims.length : normAxis(endAttr, dims.length);
    return [int64(dims.slice(Math.max(0, start), Math.min(dims.length, end)))];
  },

  Gather: (n) => {
    const [data, indices] = n.inputs;
    if (!data || !indices || data.dims.length !== 1 || indices.dims.length > 1) return undefined;
    if (normAxis(n.attrs.i('axis') ?? 0, 1) !== 0) return undefined;
    const picked: (number | bigint)[] = [];
    for (const raw of asNumbers(indices)) {
      const i = raw < 0 ? raw + data.values.length : raw;
      if (i < 0 || i >= data.values.length) return undefined;
      picked.push(data.values[i]);
    }
    return [{ elemType: data.elemType, dims: indices.dims.length === 0 ? [] : [picked.length], values: picked }];
  },

  Unsqueeze: (n) => {
    const data = n.inputs[0];
    const axes = n.opset >= 13 ? n.inputs[1] && asNumbers(n.inputs[1]) : n.attrs.ints('axes');
    if (!data || !axes) return undefined;
    const rank = data.dims.length + axes.length;
    const norm = axes.map((a) => normAxis(a, rank)).sort((a, b) => a - b);
    const dims = [...data.dims];
    for (const a of norm) dims.splice(a, 0, 1);
    return [{ ...data, dims }];
  },

  Squeeze: (n) => {
    const data = n.inputs[0];
    if (!data) return undefined;
    const axes = n.opset >= 13 ? n.inputs[1] && asNumbers(n.inputs[1]) : n.attrs.ints('axes');
    const drop = new Set(
      (axes ?? data.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, data.dims.length)),
    );
    if ([...drop].some((a) => data.dims[a] !== 1)) return undefined;
    return [{ ...data, dims: data.dims.filter((_, i) => !drop.has(i)) }];
  },

  Concat: (n) => {
    if (n.inputs.some((v) => !v || v.dims.length !== 1 || v.elemType !== n.inputs[0]!.elemType)) return undefined;
    const values = n.inputs.flatMap((v) => v!.values);
    return [{ elemType: n.inputs[0]!.elemType, dims: [values.length], values }];
  },

  Slice: (n) => {
    const data = n.inputs[0];
    if (!data || data.dims.length !== 1) return undefined;
    let starts: number[] | undefined,
      ends: number[] | undefined,
      axes: number[] | undefined,
      steps: number[] | undefined;
    if (n.opset >= 10) {
      [starts, ends, axes, steps] = [1, 2, 3, 4].map((i) => n.inputs[i] && asNumbers(n.inputs[i]!));
      if (!starts || !ends || (n.inputs.length > 3 && n.inputs[3] === undefined && axes === undefined))
        return undefined;
    } else {
      [starts, ends, axes] = [n.attrs.ints('starts'), n.attrs.ints('ends'), n.attrs.ints('axes')];
    }
    if (!starts || !ends || starts.length !== 1 || (axes && normAxis(axes[0], 1) !== 0)) return undefined;
    const len = data.values.length;
    const step = steps?.[0] ?? 1;
    if (step === 0) return undefined;
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    const s = starts[0] < 0 ? starts[0] + len : starts[0];
    const e = ends[0] < 0 ? ends[0] + len : ends[0];
    const out: (number | bigint)[] = [];
    if (step > 0) for (let i = clamp(s, 0, len); i < clamp(e, 0, len); i += step) out.push(data.values[i]);
    else for (let i = clamp(s, -1, len - 1); i > clamp(e, -1, len - 1); i += step) out.push(data.values[i]);
    return [{ elemType: data.elemType, dims: [out.length], values: out }];
  },

  Cast: (n) => {
    const data = n.inputs[0];
    const to = n.attrs.i('to');
    if (!data) return undefined;
    const target = { 1: 'FLOAT', 6: 'INT32', 7: 'INT64', 11: 'DOUBLE' }[to ?? -1];
    if (!target) return undefined;
    const values = data.values.map((v) => {
      const x = Number(v);
      if (target === 'INT64') return BigInt(Math.trunc(x));
      if (target === 'INT32') return Math.trunc(x) | 0;
      return target === 'FLOAT' ? Math.fround(x) : x;
    });
    if (
      !INT_TYPES.has(data.elemType) &&
      target.startsWith('INT') &&
      data.values.some((v) => !Number.isFinite(Number(v)))
    )
      return undefined;
    return [{ elemType: target, dims: data.dims, values }];
  },

  Add: (n) =>
    n.inputs[0] && n.inputs[1]
      ? wrap(
          broadcastBinary(
            n.inputs[0],
            n.inputs[1],
            (x, y) => x + y,
            (x, y) => x + y,
          ),
        )
      : undefined,
  Sub: (n) =>
    n.inputs[0] && n.inputs[1]
      ? wrap(
          broadcastBinary(
            n.inputs[0],
            n.inputs[1],
            (x, y) => x - y,
            (x, y) => x - y,
          ),
        )
      : undefined,
  Mul: (n) =>
    n.inputs[0] && n.inputs[1]
      ? wrap(
          broadcastBinary(
            n.inputs[0],
            n.inputs[1],
            (x, y) => x * y,
            (x, y) => x * y,
          ),
        )
      : undefined,
  Div: (n) =>
    n.inputs[0] && n.inputs[1] ? wrap(broadcastBinary(n.inputs[0], n.inputs[1], divInt, (x, y) => x / y)) : undefined,

  ConstantOfShape: (n) => {
    const shape = n.inputs[0];
    if (!shape) return undefined;
    const dims = asNumbers(shape);
    if (dims.some((d) => d < 0) || size(dims) > MAX_FOLD_ELEMENTS) return undefined;
    const value = n.attrs.t('value') ?? { elemType: 'FLOAT', dims: [1], values: [0] };
    return [{ elemType: value.elemType, dims, values: Array.from({ length: size(dims) }, () => value.values[0]) }];
  },

  Constant: (n) => {
    const t = n.attrs.t('value');
    return t ? [t] : undefined;
  },
};

function wrap(v: ConstValue | undefined): ConstValue[] | undefined {
  return v ? [v] : undefined;
}

export function canEvaluate(opType: string): boolean {
  return opType in EVALUATORS;
}

/** Output values of a default-domain node whose inputs are known, or undefined when it cannot be folded. */
export function evaluateNode(n: EvalNode): ConstValue[] | undefined {
  const out = EVALUATORS[n.opType]?.(n);
  if (!out || out.some((v) => v.values.length > MAX_FOLD_ELEMENTS || v.values.length !== size(v.dims)))
    return undefined;
  return out;
}
