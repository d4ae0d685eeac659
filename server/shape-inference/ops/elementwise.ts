// Element-wise operators: unary ones keep type and shape, binary and variadic ones broadcast (numpy rules),
// comparisons and logic give BOOL. Small known values are computed too (data propagation of shape arithmetic).
import { dataTypeName } from '../../onnx/data-types';
import type { Dim } from '../../onnx/model';
import { addDims, broadcastShapes, divDims, isKnown, mulDims, sameDims, subDims } from '../dims';
import type { InferContext, InferFn, TensorInfo } from '../types';
import { makeInfo, tensor, tensorLike } from '../types';

const UNARY = [
  'Abs',
  'Acos',
  'Acosh',
  'Asin',
  'Asinh',
  'Atan',
  'Atanh',
  'Ceil',
  'Celu',
  'Cos',
  'Cosh',
  'Elu',
  'Erf',
  'Exp',
  'Floor',
  'Gelu',
  'HardSigmoid',
  'HardSwish',
  'Hardmax',
  'LeakyRelu',
  'Log',
  'LogSoftmax',
  'LpNormalization',
  'MeanVarianceNormalization',
  'Mish',
  'Neg',
  'Reciprocal',
  'Relu',
  'Round',
  'Selu',
  'Shrink',
  'Sigmoid',
  'Sign',
  'Sin',
  'Sinh',
  'Softmax',
  'Softplus',
  'Softsign',
  'Sqrt',
  'Swish',
  'Tan',
  'Tanh',
  'ThresholdedRelu',
  'Clip',
  'BitwiseNot',
  'CumSum',
  'Trilu',
  'ReverseSequence',
  'Scatter',
  'ScatterElements',
  'ScatterND',
  'PRelu',
  'LRN',
  'InstanceNormalization',
  'GroupNormalization',
  'RMSNormalization',
  'RotaryEmbedding',
  'TensorScatter',
];
const TO_BOOL_UNARY = ['IsNaN', 'IsInf', 'Not'];
const ARITHMETIC = ['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor'];
const COMPARISON = ['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor'];
const VARIADIC = ['Sum', 'Max', 'Min', 'Mean'];

type Scalar = (a: Dim, b: Dim) => Dim;

const floorMod = (a: number, b: number) => ((a % b) + b) % b;
const SCALAR_OPS: Record<string, Scalar> = {
  Add: addDims,
  Sub: subDims,
  Mul: mulDims,
  Div: (a, b) => (isKnown(a) && isKnown(b) ? (b === 0 ? null : Math.trunc(a / b)) : divDims(a, b)),
  Mod: (a, b) => (isKnown(a) && isKnown(b) && b !== 0 ? floorMod(a, b) : null),
  Pow: (a, b) => (isKnown(a) && isKnown(b) ? a ** b : null),
  Equal: (a, b) => (isKnown(a) && isKnown(b) ? Number(a === b) : a !== null && a === b ? 1 : null),
  Less: (a, b) => (isKnown(a) && isKnown(b) ? Number(a < b) : null),
  Greater: (a, b) => (isKnown(a) && isKnown(b) ? Number(a > b) : null),
  LessOrEqual: (a, b) => (isKnown(a) && isKnown(b) ? Number(a <= b) : null),
  GreaterOrEqual: (a, b) => (isKnown(a) && isKnown(b) ? Number(a >= b) : null),
  And: (a, b) => (isKnown(a) && isKnown(b) ? Number(!!a && !!b) : null),
  Or: (a, b) => (isKnown(a) && isKnown(b) ? Number(!!a || !!b) : null),
  Max: (a, b) => (isKnown(a) && isKnown(b) ? Math.max(a, b) : a === b ? a : null),
  Min: (a, b) => (isKnown(a) && isKnown(b) ? Math.min(a, b) : a === b ? a : null),
};

/** Values of a broadcast op when both sides are scalars or vectors of the same length (shape arithmetic). */
function combineValues(a: Dim[] | undefined, b: Dim[] | undefined, op: Scalar | undefined, float: boolean) {
  if (!a || !b || !op) return undefined;
  const n = Math.max(a.length, b.length);
  if ((a.length !== n && a.length !== 1) || (b.length !== n && b.length !== 1)) return undefined;
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length === 1 ? 0 : i];
    const y = b[b.length === 1 ? 0 : i];
    if (float && !(isKnown(x) && isKnown(y))) return undefined;
    out.push(op(x, y));
  }
  return out;
}

const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE', 'FLOAT16', 'BFLOAT16']);

function broadcast(ctx: InferContext, indexes: number[]): Dim[] | undefined {
  const shapes = indexes.map((i) => ctx.shape(i));
  if (shapes.some((s) => s === undefined)) return undefined;
  const out = broadcastShapes(shapes as Dim[][]);
  if (typeof out === 'string') ctx.fail(`inputs do not broadcast (${out})`);
  return out as Dim[];
}

/**
 * broadcast() of inputs 0 and 1 (binary operators are most nodes of a model); a result equal to an input's shape is
 * that input's array, shared.
 */
function broadcastTwo(ctx: InferContext): Dim[] | undefined {
  const a = ctx.shape(0);
  const b = ctx.shape(1);
  if (!a || !b) return undefined;
  // Equal shapes broadcast to themselves (the usual residual Add): no broadcast worked out.
  if (a === b || sameDims(a, b)) return a;
  const out = broadcastShapes([a, b]);
  if (typeof out === 'string') ctx.fail(`inputs do not broadcast (${out})`);
  return sameDims(out, a) ? a : sameDims(out, b) ? b : out;
}

const exactDiv: Scalar = (a, b) => (isKnown(a) && isKnown(b) ? a / b : null);

function binary(resultType: 'input' | 'BOOL'): InferFn {
  return (ctx) => {
    const shape = broadcastTwo(ctx);
    const elemType = resultType === 'BOOL' ? 'BOOL' : (ctx.elemType(0) ?? ctx.elemType(1));
    // Values only when both inputs may have some: a stored weight beside an activation is not read for nothing.
    if (!ctx.mayHaveValue(0) || !ctx.mayHaveValue(1))
      return ctx.one(tensorLike(shape === ctx.shape(0) ? ctx.input(0) : ctx.input(1), elemType, shape));
    const float = !!elemType && FLOAT_TYPES.has(ctx.elemType(0) ?? '');
    const op = ctx.node.opType;
    const first = ctx.value(0);
    const second = ctx.value(1);
    let value = combineValues(first, second, SCALAR_OPS[op], float);
    if (value && op === 'Div' && float) value = combineValues(first, second, exactDiv, true);
    return ctx.one(tensor(elemType, shape, value));
  };
}

const unary: InferFn = (ctx) => {
  const value = ctx.node.opType === 'Neg' ? ctx.numbers(0)?.map((v) => -v) : undefined;
  const out = tensorLike(ctx.input(0), ctx.elemType(0), ctx.shape(0), value);
  const n = ctx.node.outputs.length;
  if (n <= 1) return ctx.one(out);
  const outs: (TensorInfo | undefined)[] = new Array(n).fill(undefined);
  outs[0] = out;
  return outs;
};

const variadic: InferFn = (ctx) => {
  const indexes = ctx.node.inputs.map((_, i) => i).filter((i) => ctx.node.inputs[i]);
  const shape = broadcast(ctx, indexes);
  let value: Dim[] | undefined = ctx.value(indexes[0]);
  const op = SCALAR_OPS[ctx.node.opType === 'Sum' ? 'Add' : ctx.node.opType];
  for (const i of indexes.slice(1))
    value = ctx.node.opType === 'Mean' ? undefined : combineValues(value, ctx.value(i), op, false);
  return ctx.one(tensor(ctx.elemType(indexes[0]), shape, indexes.length === 1 ? ctx.value(indexes[0]) : value));
};

const where: InferFn = (ctx) => {
  const shape = broadcast(ctx, [0, 1, 2]);
  const known = ctx.mayHaveValue(0) && ctx.mayHaveValue(1) && ctx.mayHaveValue(2);
  const [c, x, y] = known ? [ctx.value(0), ctx.value(1), ctx.value(2)] : [];
  let value: Dim[] | undefined;
  if (c && x && y) {
    const n = Math.max(c.length, x.length, y.length);
    if ([c, x, y].every((v) => v.length === n || v.length === 1)) {
      value = [];
      for (let i = 0; i < n; i++) {
        const cond = c[c.length === 1 ? 0 : i];
        if (!isKnown(cond)) {
          value = undefined;
          break;
        }
        value.push(cond ? x[x.length === 1 ? 0 : i] : y[y.length === 1 ? 0 : i]);
      }
    }
  }
  return ctx.one(tensor(ctx.elemType(1) ?? ctx.elemType(2), shape, value));
};

const identity: InferFn = (ctx) => {
  const input = ctx.input(0);
  return ctx.one(input ? makeInfo(input.type, input.value, input.stored) : undefined);
};

const dropout: InferFn = (ctx) => [tensor(ctx.elemType(0), ctx.shape(0)), tensor('BOOL', ctx.shape(0))];

const cast: InferFn = (ctx) => {
  const to = ctx.node.opType === 'CastLike' ? ctx.elemType(1) : dataTypeFromAttr(ctx.int('to'));
  let value: Dim[] | undefined = ctx.value(0);
  if (value && to && !FLOAT_TYPES.has(to)) value = value.map((v) => (isKnown(v) ? Math.trunc(v) : v));
  if (value && to === 'BOOL') value = value.map((v) => (isKnown(v) ? Number(v !== 0) : null));
  return ctx.one(tensor(to, ctx.shape(0), value));
};

export function dataTypeFromAttr(to: number | undefined): string | undefined {
  return to === undefined ? undefined : dataTypeName(to);
}

const batchNorm: InferFn = (ctx) => {
  const out: (TensorInfo | undefined)[] = [tensor(ctx.elemType(0), ctx.shape(0))];
  const channels = ctx.shape(0)?.[1] ?? null;
  for (let i = 1; i < ctx.node.outputs.length; i++)
    out.push(tensor(ctx.elemType(i + 2) ?? ctx.elemType(1), [channels]));
  return out;
};

const layerNorm: InferFn = (ctx) => {
  const shape = ctx.shape(0);
  const axis = ctx.int('axis', -1);
  const stash = dataTypeFromAttr(ctx.int('stash_type', 1));
  const stats = shape?.map((d, i) => (i < (axis < 0 ? axis + shape.length : axis) ? d : 1));
  return [tensor(ctx.elemType(0), shape), tensor(stash, stats), tensor(stash, stats)];
};

export const elementwiseOps: Record<string, InferFn> = {
  ...Object.fromEntries(UNARY.map((op) => [op, unary])),
  ...Object.fromEntries(
    TO_BOOL_UNARY.map((op) => [
      op,
      (ctx: InferContext) => [
        tensor('BOOL', ctx.shape(0), op === 'Not' ? ctx.numbers(0)?.map((v) => Number(!v)) : undefined),
      ],
    ]),
  ),
  ...Object.fromEntries(ARITHMETIC.map((op) => [op, binary('input')])),
  ...Object.fromEntries(COMPARISON.map((op) => [op, binary('BOOL')])),
  ...Object.fromEntries(VARIADIC.map((op) => [op, variadic])),
  Where: where,
  Identity: identity,
  Dropout: dropout,
  Cast: cast,
  CastLike: cast,
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
};
