// Operators that compute or rearrange shapes: Shape, Size, Reshape, Flatten, Squeeze, Unsqueeze, Transpose,
// Concat, Split, Slice, Gather*, Expand, Tile, Pad, ConstantOfShape, Range, Constant. Values flow through them
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

function axis(ctx: InferContext, value: number, rank: number): number {
  const a = normalizeAxis(value, rank);
  if (a === undefined) ctx.fail(`axis ${value} is out of range for rank ${rank}`);
  return a as number;
}

const shapeOp: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return [tensor('INT64', [null])];
  const rank = shape.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = clamp(ctx.int('start', 0));
  const end = clamp(ctx.int('end') ?? rank);
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
  const rest = input.filter((d) => d !== 1);
  const others = target.filter((d, i) => i !== hole && d !== 1);
  const remaining = [...rest];
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
  const shape: Dim[] = target.map((d, i) => {
    if (d !== 0 || allowZero) return d;
    if (!input) return null;
    if (i >= input.length) ctx.fail(`target dim ${i} is 0 (copy) but the input has rank ${input.length}`);
    return input[i];
  });
  const holes = shape.flatMap((d, i) => (d === -1 ? [i] : []));
  if (holes.length > 1) ctx.fail('shape has more than one -1');
  if (shape.some((d) => isKnown(d) && d < -1)) ctx.fail(`shape [${target.join(', ')}] has a negative dim`);
  if (holes.length === 1) shape[holes[0]] = input ? inferredDim(input, shape, holes[0]) : null;
  if (input && holes.length === 0) {
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
  const norm = axes.map((a) => axis(ctx, a, rank)).sort((x, y) => x - y);
  if (new Set(norm).size !== norm.length) ctx.fail('axes repeat');
  const out = [...shape];
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
  const present = ctx.node.inputs.map((_, i) => i).filter((i) => ctx.node.inputs[i]);
  const shapes = present.map((i) => ctx.shape(i));
  const elemType = present.map((i) => ctx.elemType(i)).find((t) => t);
  const values = present.map((i) => ctx.value(i));
  const known = shapes.find((s) => s);
  if (!known) return [tensor(elemType)];
  const rank = known.length;
  const a = axis(ctx, ctx.int('axis', 0), rank);
  const out: Dim[] = [...known];
  for (const s of shapes) if (s && s.length !== rank) ctx.fail(`inputs have ranks ${rank} and ${s.length}`);
  for (let d = 0; d < rank; d++) {
    if (d === a) {
      out[d] = shapes.some((s) => !s) ? null : sumDims(shapes.map((s) => s![d]));
      continue;
    }
    const numbers = shapes.flatMap((s) => (s && isKnown(s[d]) ? [s[d] as number] : []));
    if (new Set(numbers).size > 1)
      ctx.fail(`dimension ${d} differs between inputs (${[...new Set(numbers)].join(' vs ')})`);
    out[d] = numbers[0] ?? shapes.map((s) => s?.[d] ?? null).reduce((x, y) => (x === y ? x : null));
  }
  const value = rank === 1 && values.every((v) => v) ? values.flatMap((v) => v!) : undefined;
  return [tensor(elemType, out, value)];
};

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

const MAX_INT = 2 ** 62;

/** Elements Slice keeps of a dim of size `dim` (onnx's clamping rules). */
export function sliceLength(dim: number, start: number, end: number, step: number): number {
  const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = clampTo(s, 0, dim);
    e = clampTo(e, 0, dim);
    return Math.max(0, Math.ceil((e - s) / step));
  }
  s = clampTo(s, 0, dim - 1);
  e = clampTo(e, -1, dim - 1);
  return Math.max(0, Math.ceil((e - s) / step));
}

const slice: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  let starts: number[] | undefined, ends: number[] | undefined, axes: number[] | undefined, steps: number[] | undefined;
  if (ctx.opset >= 10) {
    [starts, ends] = [ctx.numbers(1), ctx.numbers(2)];
    axes = ctx.node.inputs[3] ? ctx.numbers(3) : undefined;
    steps = ctx.node.inputs[4] ? ctx.numbers(4) : undefined;
    if ((ctx.node.inputs[3] && !axes) || (ctx.node.inputs[4] && !steps)) starts = undefined;
  } else [starts, ends, axes] = [ctx.ints('starts'), ctx.ints('ends'), ctx.ints('axes')];
  if (!shape) return [tensor(ctx.elemType(0))];
  if (!starts || !ends)
    return [
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    ];
  if (starts.length !== ends.length) ctx.fail(`starts has ${starts.length} entries, ends ${ends.length}`);
  const out = [...shape];
  const ax = axes ?? starts.map((_, i) => i);
  let value = ctx.value(0);
  ax.forEach((raw, i) => {
    const a = axis(ctx, raw, shape.length);
    const step = steps?.[i] ?? 1;
    if (step === 0) ctx.fail('a step is 0');
    const d = shape[a];
    const [s, e] = [clampBig(starts![i]), clampBig(ends![i])];
    if (isKnown(d)) {
      out[a] = sliceLength(d, s, e, step);
      if (value && shape.length === 1) value = sliceValues(value, s, e, step);
    } else {
      value = undefined;
      // Slicing a symbolic dim from 0 to its end (or INT_MAX) keeps it; a fixed window of known length too.
      if (step === 1 && s === 0 && e >= MAX_INT) out[a] = d;
      else if (step === 1 && s >= 0 && e >= 0 && e < MAX_INT && d !== null) out[a] = null;
      else out[a] = null;
    }
  });
  return [tensor(ctx.elemType(0), out, value)];
};

function clampBig(v: number): number {
  return Math.max(-MAX_INT * 2, Math.min(MAX_INT * 2, v));
}

function sliceValues(values: Dim[], start: number, end: number, step: number): Dim[] {
  const n = values.length;
  const out: Dim[] = [];
  let s = start < 0 ? start + n : start;
  let e = end < 0 ? end + n : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), n);
    e = Math.min(Math.max(e, 0), n);
    for (let i = s; i < e; i += step) out.push(values[i]);
  } else {
    s = Math.min(Math.max(s, 0), n - 1);
    e = Math.min(Math.max(e, -1), n - 1);
    for (let i = s; i > e; i += step) out.push(values[i]);
  }
  return out;
}

const gather: InferFn = (ctx) => {
  const data = ctx.shape(0);
  const indices = ctx.shape(1);
  if (!data || !indices) return [tensor(ctx.elemType(0))];
  const a = axis(ctx, ctx.int('axis', 0), data.length);
  const out = [...data.slice(0, a), ...indices, ...data.slice(a + 1)];
  let value: Dim[] | undefined;
  const v = ctx.value(0);
  const idx = ctx.numbers(1);
  if (idx && isKnown(data[a])) {
    for (const i of idx)
      if (i < -(data[a] as number) || i >= (data[a] as number))
        ctx.fail(`index ${i} is out of range for axis ${a} of size ${data[a]}`);
  }
  if (v && idx && data.length === 1) value = idx.map((i) => v[i < 0 ? i + v.length : i] ?? null);
  return [tensor(ctx.elemType(0), out, value)];
};

const gatherElements: InferFn = (ctx) => [tensor(ctx.elemType(0), ctx.shape(1))];

const gatherND: InferFn = (ctx) => {
  const data = ctx.shape(0);
  const indices = ctx.shape(1);
  const batch = ctx.int('batch_dims', 0);
  if (!data || !indices) return [tensor(ctx.elemType(0))];
  const last = indices[indices.length - 1];
  if (!isKnown(last)) return [tensor(ctx.elemType(0))];
  return [tensor(ctx.elemType(0), [...indices.slice(0, -1), ...data.slice(batch + last)])];
};

const expand: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const targetRank = ctx.shape(1)?.[0];
  const target =
    ctx.value(1) ?? (isKnown(targetRank ?? null) ? new Array<Dim>(targetRank as number).fill(null) : undefined);
  if (!target || !shape) return [tensor(ctx.elemType(0))];
  const rank = Math.max(shape.length, target.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const a = i >= rank - shape.length ? shape[i - (rank - shape.length)] : 1;
    const b = i >= rank - target.length ? target[i - (rank - target.length)] : 1;
    if (isKnown(a) && isKnown(b)) {
      if (a !== b && a !== 1 && b !== 1) ctx.fail(`cannot expand dim ${i}: ${a} to ${b}`);
      out.push(a === 1 ? b : a);
    } else if (b === 1) out.push(a);
    else if (a === 1) out.push(b);
    // An unknown target dim is 1 or the input's: either way the input's dim when that is not 1.
    else out.push(isKnown(b) ? b : a === b ? a : isKnown(a) ? a : null);
  }
  return [tensor(ctx.elemType(0), out)];
};

const tile: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const repeats = ctx.value(1);
  if (!shape) return [tensor(ctx.elemType(0))];
  if (!repeats)
    return [
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    ];
  return [
    tensor(
      ctx.elemType(0),
      shape.map((d, i) => mulDims(d, repeats[i] ?? null)),
    ),
  ];
};

const pad: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return [tensor(ctx.elemType(0))];
  const pads = ctx.opset >= 11 ? ctx.numbers(1) : (ctx.ints('pads') ?? ctx.ints('paddings'));
  if (!pads)
    return [
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    ];
  const axes = ctx.opset >= 18 && ctx.node.inputs[3] ? ctx.numbers(3) : undefined;
  if (ctx.opset >= 18 && ctx.node.inputs[3] && !axes)
    return [
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    ];
  const ax = axes ? axes.map((a) => axis(ctx, a, shape.length)) : shape.map((_, i) => i);
  if (pads.length !== 2 * ax.length) ctx.fail(`pads has ${pads.length} entries for ${ax.length} axes`);
  const out = [...shape];
  ax.forEach((a, i) => {
    const d = out[a];
    out[a] = isKnown(d) ? d + pads[i] + pads[i + ax.length] : pads[i] + pads[i + ax.length] === 0 ? d : null;
  });
  return [tensor(ctx.elemType(0), out)];
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
  Slice: slice,
  Gather: gather,
  GatherElements: gatherElements,
  GatherND: gatherND,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  ConstantOfShape: constantOfShape,
  Range: rangeOp,
  Constant: constant,
};
