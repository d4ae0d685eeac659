// Operators that compute or rearrange shapes: Shape, Size, Reshape, Flatten, Squeeze, Unsqueeze, Transpose,
// Concat, Split, ConstantOfShape, Range, Constant (Slice, Gather*, Expand, Tile, Pad: index-ops.ts). Values flow through them
// (symbolic dims included) the way onnx's data propagation does, so Reshape targets built from Shape resolve.
import type { Dim } from '../../onnx/model';
import { divDims, isKnown, mulDims, normalizeAxis, product, sumDims } from '../dims';
import type { InferContext, InferFn } from '../types';
import { tensor } from '../types';

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
  if (!shape) return [tensor('INT64', [null])];
  const rank = shape.length;
  const start = clampToRank(ctx.int('start', 0), rank);
  const end = clampToRank(ctx.int('end') ?? rank, rank);
  const dims = shape.slice(start, Math.max(start, end));
  return [tensor('INT64', [dims.length], dims)];
};

const sizeOp: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const n = shape ? shape.reduce<Dim>((a, d) => mulDims(a, d), 1) : null;
  return [tensor('INT64', [], n === null ? undefined : [n])];
};

/** Reshape's -1: the input's volume over the other target dims, cancelling equal factors (symbolic ones too). */
function inferredDim(input: Dim[], target: Dim[], hole: number): Dim {
  const remaining = input.filter((d) => d !== 1);
  const others = target.filter((d, i) => i !== hole && d !== 1);
  const unmatched: Dim[] = [];
  for (const d of others) {
    const at = d === null ? -1 : remaining.indexOf(d);
    if (at >= 0) remaining.splice(at, 1);
    else unmatched.push(d);
  }
  if (unmatched.length === 0) return remaining.reduce<Dim>((a, d) => mulDims(a, d), 1);
  const num = product(remaining);
  const den = product(unmatched);
  if (num !== undefined && den !== undefined && den !== 0) return num % den === 0 ? num / den : null;
  if (remaining.length === 0 && unmatched.length > 0) return null;
  return remaining.length === 1 && den !== undefined ? divDims(remaining[0], den) : null;
}

const reshape: InferFn = (ctx) => {
  const target = ctx.value(1);
  const input = ctx.shape(0);
  const elemType = ctx.elemType(0);
  if (!target) {
    const rank = ctx.shape(1)?.[0];
    return [tensor(elemType, isKnown(rank ?? null) ? new Array<Dim>(rank as number).fill(null) : undefined)];
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
  return [tensor(elemType, shape, ctx.value(0))];
};

const flatten: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return [tensor(ctx.elemType(0), [null, null])];
  const a = ctx.int('axis', 1);
  const at = a < 0 ? a + shape.length : a;
  if (at < 0 || at > shape.length) ctx.fail(`axis ${a} is out of range for rank ${shape.length}`);
  const fold = (dims: Dim[]) => dims.reduce<Dim>((x, d) => mulDims(x, d), 1);
  return [tensor(ctx.elemType(0), [fold(shape.slice(0, at)), fold(shape.slice(at))])];
};

const squeeze: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const axes = axesOf(ctx, 1, 13);
  const hasAxesInput = ctx.opset >= 13 && !!ctx.node.inputs[1];
  if (!shape || (hasAxesInput && !axes)) return [tensor(ctx.elemType(0))];
  let drop: Set<number>;
  if (axes) drop = new Set(axes.map((a) => axis(ctx, a, shape.length)));
  else {
    if (shape.some((d) => !isKnown(d))) return [tensor(ctx.elemType(0))];
    drop = new Set(shape.flatMap((d, i) => (d === 1 ? [i] : [])));
  }
  for (const a of drop)
    if (isKnown(shape[a]) && shape[a] !== 1) ctx.fail(`cannot squeeze axis ${a} of size ${shape[a]}`);
  return [
    tensor(
      ctx.elemType(0),
      shape.filter((_, i) => !drop.has(i)),
      ctx.value(0),
    ),
  ];
};

const unsqueeze: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const axes = axesOf(ctx, 1, 13);
  if (!shape || !axes) return [tensor(ctx.elemType(0))];
  const rank = shape.length + axes.length;
  // One axis (the usual shape arithmetic) needs no sorting: the output is filled around it in one pass.
  if (axes.length === 1) {
    const at = axis(ctx, axes[0], rank);
    const one = new Array<Dim>(rank);
    for (let i = 0, k = 0; i < rank; i++) one[i] = i === at ? 1 : shape[k++];
    return [tensor(ctx.elemType(0), one, ctx.value(0))];
  }
  const out = shape.slice();
  const norm = axes.map((a) => axis(ctx, a, rank)).sort((x, y) => x - y);
  for (let i = 1; i < norm.length; i++) if (norm[i] === norm[i - 1]) ctx.fail('axes repeat');
  for (const a of norm) out.splice(a, 0, 1);
  return [tensor(ctx.elemType(0), out, ctx.value(0))];
};

const transpose: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return [tensor(ctx.elemType(0))];
  const perm = ctx.ints('perm') ?? shape.map((_, i) => shape.length - 1 - i);
  if (perm.length !== shape.length) ctx.fail(`perm has ${perm.length} entries for rank ${shape.length}`);
  return [
    tensor(
      ctx.elemType(0),
      perm.map((p) => shape[axis(ctx, p, shape.length)]),
    ),
  ];
};

const concat: InferFn = (ctx) => {
  const inputs = ctx.node.inputs;
  const present: number[] = [];
  const shapes: (Dim[] | undefined)[] = [];
  let elemType: string | undefined;
  let known: Dim[] | undefined;
  let missing = false;
  for (let i = 0; i < inputs.length; i++) {
    if (!inputs[i]) continue;
    present.push(i);
    const s = ctx.shape(i);
    shapes.push(s);
    if (!s) missing = true;
    else known ??= s;
    if (!elemType) elemType = ctx.elemType(i);
  }
  if (!known) return [tensor(elemType)];
  const rank = known.length;
  const a = axis(ctx, ctx.int('axis', 0), rank);
  const out: Dim[] = known.slice();
  for (const s of shapes) if (s && s.length !== rank) ctx.fail(`inputs have ranks ${rank} and ${s.length}`);
  for (let d = 0; d < rank; d++) {
    if (d === a) {
      out[d] = missing ? null : sumDims(shapes.map((s) => s![d]));
      continue;
    }
    let number: number | undefined;
    let shared: Dim = shapes[0]?.[d] ?? null;
    for (const s of shapes) {
      const x = s?.[d] ?? null;
      if (isKnown(x)) {
        if (number === undefined) number = x;
        else if (x !== number) ctx.fail(`dimension ${d} differs between inputs (${differing(shapes, d)})`);
      }
      if (x !== shared) shared = null;
    }
    out[d] = number ?? shared;
  }
  // Values flow through 1-D concatenations only (shape arithmetic); they are asked for only then.
  let value: Dim[] | undefined;
  if (rank === 1) {
    value = [];
    for (const i of present) {
      const v = ctx.value(i);
      if (!v) {
        value = undefined;
        break;
      }
      for (const x of v) value.push(x);
    }
  }
  return [tensor(elemType, out, value)];
};

/** The distinct known sizes of dim `d` over the inputs, for the message. */
function differing(shapes: (Dim[] | undefined)[], d: number): string {
  return [...new Set(shapes.flatMap((s) => (s && isKnown(s[d]) ? [s[d] as number] : [])))].join(' vs ');
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
    return [tensor(elemType, dims, n !== undefined && n <= 64 ? new Array<Dim>(n).fill(fill) : undefined)];
  }
  const rank = ctx.shape(0)?.[0];
  return [tensor(elemType, isKnown(rank ?? null) ? new Array<Dim>(rank as number).fill(null) : undefined)];
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
  return [tensor(ctx.elemType(0), [n], value)];
};

const constant: InferFn = (ctx) => {
  const t = ctx.tensorAttr('value');
  if (t) return [t];
  const ints = ctx.ints('value_ints');
  if (ints) return [tensor('INT64', [ints.length], ints)];
  const i = ctx.int('value_int');
  if (i !== undefined) return [tensor('INT64', [], [i])];
  const floats = ctx.floats('value_floats');
  if (floats) return [tensor('FLOAT', [floats.length], floats)];
  const f = ctx.float('value_float');
  if (f !== undefined) return [tensor('FLOAT', [], [f])];
  if (ctx.attr('value_string')) return [tensor('STRING', [])];
  if (ctx.attr('value_strings')) return [tensor('STRING', [ctx.attr('value_strings')!.strings?.length ?? null])];
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
