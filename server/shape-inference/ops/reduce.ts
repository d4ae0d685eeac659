// Reductions (ReduceX, ArgMax/ArgMin), TopK and other ops that shrink one axis.
import type { Dim } from '../../onnx/model';
import { isKnown, normalizeAxis } from '../dims';
import type { InferContext, InferFn } from '../types';
import { tensor } from '../types';

/** Opset at which each reduction moved `axes` from an attribute to an input. */
function axesFromInput(ctx: InferContext): boolean {
  return ctx.node.opType === 'ReduceSum' ? ctx.opset >= 13 : ctx.opset >= 18;
}

const reduce: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const elemType = ctx.elemType(0);
  const keep = ctx.int('keepdims', 1) === 1;
  let axes: number[] | undefined;
  if (axesFromInput(ctx)) {
    if (ctx.node.inputs[1]) {
      axes = ctx.numbers(1);
      if (!axes) {
        // Axes unknown: rank is known only when dims are kept.
        return ctx.one(tensor(elemType, keep && shape ? shape.map(() => null) : undefined));
      }
    }
  } else axes = ctx.ints('axes');
  if (!shape) return ctx.one(tensor(elemType));
  if (!axes || axes.length === 0) {
    if (axesFromInput(ctx) && ctx.int('noop_with_empty_axes', 0) === 1) return ctx.one(tensor(elemType, shape));
    axes = shape.map((_, i) => i);
  }
  // Axes to reduce as one bit per dim (ranks past 31 take a list).
  const rank = shape.length;
  let mask = 0;
  const many = rank > 31 ? new Set<number>() : undefined;
  for (let k = 0; k < axes.length; k++) {
    const n = normalizeAxis(axes[k], rank);
    if (n === undefined) ctx.fail(`axis ${axes[k]} is out of range for rank ${rank}`);
    else if (many) many.add(n);
    else mask |= 1 << n;
  }
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    if (!(many ? many.has(i) : mask & (1 << i))) out.push(shape[i]);
    else if (keep) out.push(1);
  }
  return ctx.one(tensor(elemType, out));
};

const argReduce: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return ctx.one(tensor('INT64'));
  const a = normalizeAxis(ctx.int('axis', 0), shape.length);
  if (a === undefined) ctx.fail(`axis ${ctx.int('axis', 0)} is out of range for rank ${shape.length}`);
  const keep = ctx.int('keepdims', 1) === 1;
  return ctx.one(tensor('INT64', keep ? shape.map((d, i) => (i === a ? 1 : d)) : shape.filter((_, i) => i !== a)));
};

const topK: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  if (!shape) return [tensor(ctx.elemType(0)), tensor('INT64')];
  const a = normalizeAxis(ctx.int('axis', -1), shape.length);
  if (a === undefined) ctx.fail(`axis is out of range for rank ${shape.length}`);
  const k: Dim = ctx.opset >= 10 ? (ctx.value(1)?.[0] ?? null) : (ctx.int('k') ?? null);
  if (isKnown(k) && isKnown(shape[a!]) && k > (shape[a!] as number)) ctx.fail(`k ${k} exceeds axis size ${shape[a!]}`);
  const out = shape.map((d, i) => (i === a ? k : d));
  return [tensor(ctx.elemType(0), out), tensor('INT64', out)];
};

export const reduceOps: Record<string, InferFn> = {
  ...Object.fromEntries(
    [
      'ReduceMean',
      'ReduceSum',
      'ReduceMax',
      'ReduceMin',
      'ReduceProd',
      'ReduceL1',
      'ReduceL2',
      'ReduceLogSum',
      'ReduceLogSumExp',
      'ReduceSumSquare',
    ].map((op) => [op, reduce]),
  ),
  ArgMax: argReduce,
  ArgMin: argReduce,
  TopK: topK,
};
