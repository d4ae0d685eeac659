// Operators that compute or rearrange shapes: Shape, Size, Reshape, Flatten, Squeeze, Unsqueeze, Transpose,
// Concat, Split, ConstantOfShape, Range, Constant (Slice, Gather*, Expand, Tile, Pad: index-ops.ts). Values flow through them
// (symbolic dims included) the way onnx's data propagation does, so Reshape targets built from Shape resolve.
import type { Dim } from '../../onnx/model';
import { addDims, divDims, isKnown, mulDims, normalizeAxis, product } from '../dims';
import type { InferContext, InferFn, TensorInfo } from '../types';
import { tensor, tensorShape } from '../types';

/** An axes list: from the attribute (older opsets) or the second input (newer ones). */
function axesOf(ctx: InferContext, inputIndex: number, sinceInput: number): number[] | undefined {
  if (ctx.opset >= sinceInput) return ctx.node.inputs[inputIndex] ? ctx.numbers(inputIndex) : undefined;
  return ctx.ints('axes');
}

export function axis(ctx: InferContext, value: number, rank: number): number {
  const a = normalizeAxis(value, rank);
  if (a === undefined) ctx.fail(`axis ${value} is out of range for rank ${rank}`);
  return a as number;
}

function clampToRank(v: number, rank: number): number {
  return Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
}

const shapeOp: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return ctx.one(tensor('INT64', [null]));
  const rank = shape.length;
  const start = clampToRank(ctx.int('start', 0), rank);
  const end = clampToRank(ctx.int('end') ?? rank, rank);
  // The whole shape (the usual case) is the input's own array: shapes and values are never changed in place.
  const dims = start === 0 && end === rank ? shape : shape.slice(start, Math.max(start, end));
  return ctx.one(tensor('INT64', [dims.length], dims));
};

const sizeOp: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const n = shape ? shape.reduce<Dim>((a, d) => mulDims(a, d), 1) : null;
  return ctx.one(tensor('INT64', [], n === null ? undefined : [n]));
};

/** The input dims Reshape's -1 works through; a dim the target matches is crossed out (undefined). */
const remainingDims: (Dim | undefined)[] = [];

/** Reshape's -1: the input's volume over the other target dims, cancelling equal factors (symbolic ones too). */
function inferredDim(input: Dim[], target: Dim[], hole: number): Dim {
  const remaining = remainingDims;
  let n = 0;
  for (let i = 0; i < input.length; i++) if (input[i] !== 1) remaining[n++] = input[i];
  let left = n;
  let unmatched = 0;
  let den: number | undefined = 1;
  for (let i = 0; i < target.length; i++) {
    const d = target[i];
    if (i === hole || d === 1) continue;
    let at = -1;
    if (d !== null)
      for (let j = 0; j < n; j++)
        if (remaining[j] === d) {
          at = j;
          break;
        }
    if (at >= 0) {
      remaining[at] = undefined;
      left--;
    } else {
      unmatched++;
      den = den !== undefined && isKnown(d) ? den * d : undefined;
    }
  }
  let num: number | undefined = 1;
  let volume: Dim = 1;
  let last: Dim = null;
  for (let j = 0; j < n; j++) {
    const d = remaining[j];
    if (d === undefined) continue;
    if (unmatched === 0) volume = mulDims(volume, d);
    num = num !== undefined && isKnown(d) ? num * d : undefined;
    last = d;
  }
  if (unmatched === 0) return volume;
  if (num !== undefined && den !== undefined && den !== 0) return num % den === 0 ? num / den : null;
  if (left === 0) return null;
  return left === 1 && den !== undefined ? divDims(last, den) : null;
}

const reshape: InferFn = (ctx) => {
  const target = ctx.value(1);
  const input = ctx.shape(0);
  const elemType = ctx.elemType(0);
  if (!target) {
    const rank = ctx.shape(1)?.[0];
    return ctx.one(tensor(elemType, isKnown(rank ?? null) ? new Array<Dim>(rank as number).fill(null) : undefined));
  }
  const allowZero = ctx.int('allowzero', 0) === 1;
  const shape = new Array<Dim>(target.length);
  for (let i = 0; i < target.length; i++) {
    const d = target[i];
    if (d !== 0 || allowZero) shape[i] = d;
    else if (!input) shape[i] = null;
    else {
      if (i >= input.length) ctx.fail(`target dim ${i} is 0 (copy) but the input has rank ${input.length}`);
      shape[i] = input[i];
    }
  }
  let hole = -1;
  let negative = false;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (hole >= 0) ctx.fail('shape has more than one -1');
      hole = i;
    } else if (isKnown(d) && d < -1) negative = true;
  }
  if (negative) ctx.fail(`shape [${target.join(', ')}] has a negative dim`);
  if (hole >= 0) shape[hole] = input ? inferredDim(input, shape, hole) : null;
  else if (input) {
    const a = product(input);
    const b = product(shape);
    if (a !== undefined && b !== undefined && a !== b)
      ctx.fail(`cannot reshape ${a} elements [${input.join(', ')}] into [${shape.join(', ')}] (${b} elements)`);
  }
  return ctx.one(tensor(elemType, shape, ctx.value(0)));
};

const flatten: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return ctx.one(tensor(ctx.elemType(0), [null, null]));
  const a = ctx.int('axis', 1);
  const at = a < 0 ? a + shape.length : a;
  if (at < 0 || at > shape.length) ctx.fail(`axis ${a} is out of range for rank ${shape.length}`);
  const fold = (dims: Dim[]) => dims.reduce<Dim>((x, d) => mulDims(x, d), 1);
  return ctx.one(tensor(ctx.elemType(0), [fold(shape.slice(0, at)), fold(shape.slice(at))]));
};

const squeeze: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const axes = axesOf(ctx, 1, 13);
  const hasAxesInput = ctx.opset >= 13 && !!ctx.node.inputs[1];
  if (!shape || (hasAxesInput && !axes)) return ctx.one(tensor(ctx.elemType(0)));
  let drop: Set<number>;
  if (axes) drop = new Set(axes.map((a) => axis(ctx, a, shape.length)));
  else {
    if (shape.some((d) => !isKnown(d))) return ctx.one(tensor(ctx.elemType(0)));
    drop = new Set(shape.flatMap((d, i) => (d === 1 ? [i] : [])));
  }
  for (const a of drop)
    if (isKnown(shape[a]) && shape[a] !== 1) ctx.fail(`cannot squeeze axis ${a} of size ${shape[a]}`);
  return ctx.one(
    tensor(
      ctx.elemType(0),
      shape.filter((_, i) => !drop.has(i)),
      ctx.value(0),
    ),
  );
};

const unsqueeze: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const axes = axesOf(ctx, 1, 13);
  if (!shape || !axes) return ctx.one(tensor(ctx.elemType(0)));
  const rank = shape.length + axes.length;
  // One axis (the usual shape arithmetic) needs no sorting: the output is filled around it in one pass.
  if (axes.length === 1) {
    const at = axis(ctx, axes[0], rank);
    const one = new Array<Dim>(rank);
    for (let i = 0, k = 0; i < rank; i++) one[i] = i === at ? 1 : shape[k++];
    return ctx.one(tensor(ctx.elemType(0), one, ctx.value(0)));
  }
  const out = shape.slice();
  const norm = axes.map((a) => axis(ctx, a, rank)).sort((x, y) => x - y);
  for (let i = 1; i < norm.length; i++) if (norm[i] === norm[i - 1]) ctx.fail('axes repeat');
  for (const a of norm) out.splice(a, 0, 1);
  return ctx.one(tensor(ctx.elemType(0), out, ctx.value(0)));
};

const transpose: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return ctx.one(tensor(ctx.elemType(0)));
  const rank = shape.length;
  const perm = ctx.ints('perm');
  if (perm && perm.length !== rank) ctx.fail(`perm has ${perm.length} entries for rank ${rank}`);
  // No perm reverses the dims.
  const out = new Array<Dim>(rank);
  for (let i = 0; i < rank; i++) out[i] = shape[perm ? axis(ctx, perm[i], rank) : rank - 1 - i];
  return ctx.one(tensor(ctx.elemType(0), out));
};

/**
 * Concat's inputs present in the node, gathered once per node (index lookups beyond the first two are not cached
 * by the context): a scratch reused node after node, cleared after use so it keeps no results alive.
 */
const concatInputs: (TensorInfo | undefined)[] = [];

const concat: InferFn = (ctx) => {
  const inputs = ctx.node.inputs;
  const infos = concatInputs;
  let count = 0;
  let elemType: string | undefined;
  let known: Dim[] | undefined;
  let missing = false;
  for (let i = 0; i < inputs.length; i++) {
    if (!inputs[i]) continue;
    const info = ctx.input(i);
    infos[count++] = info;
    const s = tensorShape(info);
    if (!s) missing = true;
    else known ??= s;
    // As ctx.elemType: a sparse input has a shape here but no element type.
    const type = info?.type;
    if (!elemType && type?.kind === 'tensor' && type.elemType !== 'UNDEFINED') elemType = type.elemType;
  }
  try {
    if (!known) return ctx.one(tensor(elemType));
    return ctx.one(concatOf(ctx, infos, count, known, missing, elemType));
  } finally {
    infos.fill(undefined, 0, count);
  }
};

function concatOf(
  ctx: InferContext,
  infos: (TensorInfo | undefined)[],
  count: number,
  known: Dim[],
  missing: boolean,
  elemType: string | undefined,
): TensorInfo | undefined {
  const rank = known.length;
  const a = axis(ctx, ctx.int('axis', 0), rank);
  for (let k = 0; k < count; k++) {
    const s = tensorShape(infos[k]);
    if (s && s.length !== rank) ctx.fail(`inputs have ranks ${rank} and ${s.length}`);
  }
  const out = new Array<Dim>(rank);
  for (let d = 0; d < rank; d++) {
    if (d === a) {
      let sum: Dim = 0;
      if (missing) sum = null;
      else for (let k = 0; k < count; k++) sum = addDims(sum, tensorShape(infos[k])![d]);
      out[d] = sum;
      continue;
    }
    let number: number | undefined;
    let shared: Dim = tensorShape(infos[0])?.[d] ?? null;
    for (let k = 0; k < count; k++) {
      const x = tensorShape(infos[k])?.[d] ?? null;
      if (isKnown(x)) {
        if (number === undefined) number = x;
        else if (x !== number) ctx.fail(`dimension ${d} differs between inputs (${differing(infos, count, d)})`);
      }
      if (x !== shared) shared = null;
    }
    out[d] = number ?? shared;
  }
  // Values flow through 1-D concatenations only (shape arithmetic); they are asked for only then, in input order
  // up to the first input without any.
  let value: Dim[] | undefined;
  if (rank === 1) {
    let length = 0;
    for (let k = 0; k < count && length >= 0; k++) {
      const v = ctx.valuesOf(infos[k]);
      length = v ? length + v.length : -1;
    }
    if (length >= 0) {
      value = new Array<Dim>(length);
      for (let k = 0, at = 0; k < count; k++) {
        const v = ctx.valuesOf(infos[k])!;
        for (let j = 0; j < v.length; j++) value[at++] = v[j];
      }
    }
  }
  return tensor(elemType, out, value);
}

/** The distinct known sizes of dim `d` over the inputs, for the message. */
function differing(infos: (TensorInfo | undefined)[], count: number, d: number): string {
  const sizes = new Set<number>();
  for (let k = 0; k < count; k++) {
    const x = tensorShape(infos[k])?.[d] ?? null;
    if (isKnown(x)) sizes.add(x);
  }
  return [...sizes].join(' vs ');
}

const split: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const n = ctx.node.outputs.length;
  if (!shape) return ctx.node.outputs.map(() => tensor(ctx.elemType(0)));
  const a = axis(ctx, ctx.int('axis', 0), shape.length);
  const sizes = ctx.opset >= 13 ? (ctx.node.inputs[1] ? ctx.numbers(1) : undefined) : ctx.ints('split');
  const hasSizes = ctx.opset >= 13 ? !!ctx.node.inputs[1] : !!ctx.ints('split');
  let parts: Dim[];
  if (sizes) {
    if (sizes.length !== n) ctx.fail(`split has ${sizes.length} sizes for ${n} outputs`);
    const total = sizes.reduce((x, y) => x + y, 0);
    if (isKnown(shape[a]) && shape[a] !== total) ctx.fail(`split sizes sum to ${total}, axis ${a} has ${shape[a]}`);
    parts = sizes;
  } else if (hasSizes) parts = new Array<Dim>(n).fill(null);
  else {
    const d = shape[a];
    const count = ctx.int('num_outputs') ?? n;
    if (!isKnown(d)) parts = new Array<Dim>(n).fill(null);
    else {
      const chunk = Math.ceil(d / count);
      parts = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - chunk * i)));
      if (ctx.opset < 18 && d % n !== 0) ctx.fail(`axis ${a} of size ${d} does not split evenly into ${n}`);
    }
  }
  return parts.map((p) =>
    tensor(
      ctx.elemType(0),
      shape.map((d, i) => (i === a ? p : d)),
    ),
  );
};

const constantOfShape: InferFn = (ctx) => {
  const value = ctx.tensorAttr('value');
  const elemType = value ? (value.type.kind === 'tensor' ? value.type.elemType : 'FLOAT') : 'FLOAT';
  const dims = ctx.value(0);
  if (dims) {
    if (dims.some((d) => isKnown(d) && d < 0)) ctx.fail(`shape [${dims.join(', ')}] has a negative dim`);
    const n = product(dims);
    const fill = ctx.valuesOf(value)?.[0] ?? 0;
    return ctx.one(tensor(elemType, dims, n !== undefined && n <= 64 ? new Array<Dim>(n).fill(fill) : undefined));
  }
  const rank = ctx.shape(0)?.[0];
  return ctx.one(tensor(elemType, isKnown(rank ?? null) ? new Array<Dim>(rank as number).fill(null) : undefined));
};

const rangeOp: InferFn = (ctx) => {
  const [s, l, d] = [ctx.value(0)?.[0], ctx.value(1)?.[0], ctx.value(2)?.[0]];
  let n: Dim = null;
  let value: Dim[] | undefined;
  if (isKnown(s ?? null) && isKnown(l ?? null) && isKnown(d ?? null)) {
    if (d === 0) ctx.fail('delta is 0');
    n = Math.max(Math.ceil(((l as number) - (s as number)) / (d as number)), 0);
    if (n <= 64) value = Array.from({ length: n }, (_, i) => (s as number) + i * (d as number));
  } else if (s === 0 && d === 1 && l !== undefined) n = l;
  return ctx.one(tensor(ctx.elemType(0), [n], value));
};

const constant: InferFn = (ctx) => {
  const t = ctx.tensorAttr('value');
  if (t) return ctx.one(t);
  const ints = ctx.ints('value_ints');
  if (ints) return ctx.one(tensor('INT64', [ints.length], ints));
  const i = ctx.int('value_int');
  if (i !== undefined) return ctx.one(tensor('INT64', [], [i]));
  const floats = ctx.floats('value_floats');
  if (floats) return ctx.one(tensor('FLOAT', [floats.length], floats));
  const f = ctx.float('value_float');
  if (f !== undefined) return ctx.one(tensor('FLOAT', [], [f]));
  if (ctx.attr('value_string')) return ctx.one(tensor('STRING', []));
  if (ctx.attr('value_strings')) return ctx.one(tensor('STRING', [ctx.attr('value_strings')!.strings?.length ?? null]));
  const sparse = ctx.attr('sparse_value')?.sparseTensor;
  return sparse ? [tensor(sparse.values?.elemType, sparse.dims)] : [];
};

export const shapeOps: Record<string, InferFn> = {
  Shape: shapeOp,
  Size: sizeOp,
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  ConstantOfShape: constantOfShape,
  Range: rangeOp,
  Constant: constant,
};
