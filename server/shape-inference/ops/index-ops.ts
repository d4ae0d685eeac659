// Operators that select, broadcast or pad along axes: Slice, Gather, GatherElements, GatherND, Expand, Tile, Pad.
// Like shape-ops.ts, values flow through them (symbolic dims included) as in onnx's data propagation.
import type { Dim } from '../../onnx/model';
import { isKnown, mulDims } from '../dims';
import type { InferFn } from '../types';
import { tensor } from '../types';
import { axis } from './shape-ops';

const MAX_INT = 2 ** 62;

/** Elements Slice keeps of a dim of size `dim` (onnx's clamping rules). */
function clampTo(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

export function sliceLength(dim: number, start: number, end: number, step: number): number {
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
    starts = ctx.numbers(1);
    ends = ctx.numbers(2);
    axes = ctx.node.inputs[3] ? ctx.numbers(3) : undefined;
    steps = ctx.node.inputs[4] ? ctx.numbers(4) : undefined;
    if ((ctx.node.inputs[3] && !axes) || (ctx.node.inputs[4] && !steps)) starts = undefined;
  } else {
    starts = ctx.ints('starts');
    ends = ctx.ints('ends');
    axes = ctx.ints('axes');
  }
  if (!shape) return ctx.one(tensor(ctx.elemType(0)));
  if (!starts || !ends)
    return ctx.one(
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    );
  if (starts.length !== ends.length) ctx.fail(`starts has ${starts.length} entries, ends ${ends.length}`);
  const out = shape.slice();
  let value = ctx.value(0);
  // No axes: the first starts.length axes.
  const count = axes ? axes.length : starts.length;
  for (let i = 0; i < count; i++) {
    const a = axis(ctx, axes ? axes[i] : i, shape.length);
    const step = steps?.[i] ?? 1;
    if (step === 0) ctx.fail('a step is 0');
    const d = shape[a];
    const s = clampBig(starts[i]);
    const e = clampBig(ends[i]);
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
  }
  return ctx.one(tensor(ctx.elemType(0), out, value));
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
  if (!data || !indices) return ctx.one(tensor(ctx.elemType(0)));
  const a = axis(ctx, ctx.int('axis', 0), data.length);
  // data[:a] + indices + data[a+1:], filled in place (a model's shape arithmetic runs this on every block).
  const out = new Array<Dim>(data.length - 1 + indices.length);
  let k = 0;
  for (let i = 0; i < a; i++) out[k++] = data[i];
  for (let i = 0; i < indices.length; i++) out[k++] = indices[i];
  for (let i = a + 1; i < data.length; i++) out[k++] = data[i];
  let value: Dim[] | undefined;
  // Values flow through 1-D data only (shape arithmetic): a gathered table is not read for nothing.
  const v = data.length === 1 ? ctx.value(0) : undefined;
  const idx = ctx.numbers(1);
  const size = data[a];
  if (idx && isKnown(size)) {
    for (let k = 0; k < idx.length; k++)
      if (idx[k] < -size || idx[k] >= size) ctx.fail(`index ${idx[k]} is out of range for axis ${a} of size ${size}`);
  }
  if (v && idx && data.length === 1) {
    value = new Array<Dim>(idx.length);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      value[k] = v[i < 0 ? i + v.length : i] ?? null;
    }
  }
  return ctx.one(tensor(ctx.elemType(0), out, value));
};

const gatherElements: InferFn = (ctx) => ctx.one(tensor(ctx.elemType(0), ctx.shape(1)));

const gatherND: InferFn = (ctx) => {
  const data = ctx.shape(0);
  const indices = ctx.shape(1);
  const batch = ctx.int('batch_dims', 0);
  if (!data || !indices) return ctx.one(tensor(ctx.elemType(0)));
  const last = indices[indices.length - 1];
  if (!isKnown(last)) return ctx.one(tensor(ctx.elemType(0)));
  return ctx.one(tensor(ctx.elemType(0), [...indices.slice(0, -1), ...data.slice(batch + last)]));
};

const expand: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const targetRank = ctx.shape(1)?.[0];
  const target =
    ctx.value(1) ?? (isKnown(targetRank ?? null) ? new Array<Dim>(targetRank as number).fill(null) : undefined);
  if (!target || !shape) return ctx.one(tensor(ctx.elemType(0)));
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
  return ctx.one(tensor(ctx.elemType(0), out));
};

const tile: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const repeats = ctx.value(1);
  if (!shape) return ctx.one(tensor(ctx.elemType(0)));
  if (!repeats)
    return ctx.one(
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    );
  return ctx.one(
    tensor(
      ctx.elemType(0),
      shape.map((d, i) => mulDims(d, repeats[i] ?? null)),
    ),
  );
};

const pad: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return ctx.one(tensor(ctx.elemType(0)));
  const pads = ctx.opset >= 11 ? ctx.numbers(1) : (ctx.ints('pads') ?? ctx.ints('paddings'));
  if (!pads)
    return ctx.one(
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    );
  const axes = ctx.opset >= 18 && ctx.node.inputs[3] ? ctx.numbers(3) : undefined;
  if (ctx.opset >= 18 && ctx.node.inputs[3] && !axes)
    return ctx.one(
      tensor(
        ctx.elemType(0),
        shape.map(() => null),
      ),
    );
  const ax = axes ? axes.map((a) => axis(ctx, a, shape.length)) : shape.map((_, i) => i);
  if (pads.length !== 2 * ax.length) ctx.fail(`pads has ${pads.length} entries for ${ax.length} axes`);
  const out = [...shape];
  ax.forEach((a, i) => {
    const d = out[a];
    out[a] = isKnown(d) ? d + pads[i] + pads[i + ax.length] : pads[i] + pads[i + ax.length] === 0 ? d : null;
  });
  return ctx.one(tensor(ctx.elemType(0), out));
};

export const indexOps: Record<string, InferFn> = {
  Slice: slice,
  Gather: gather,
  GatherElements: gatherElements,
  GatherND: gatherND,
  Expand: expand,
  Tile: tile,
  Pad: pad,
};
