// Neural-network layers: convolutions, pooling, matrix products, resizing, quantization.
import { dataTypeName } from '../../onnx/data-types';
import type { Dim } from '../../onnx/model';
import { broadcastShapes, isKnown } from '../dims';
import type { InferContext, InferFn } from '../types';
import { tensor } from '../types';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
}

function windowOf(ctx: InferContext, spatial: number, kernel: number[] | undefined): Window | undefined {
  if (!kernel || kernel.length !== spatial) return undefined;
  return {
    kernel,
    strides: ctx.ints('strides') ?? new Array(spatial).fill(1),
    dilations: ctx.ints('dilations') ?? new Array(spatial).fill(1),
    pads: ctx.ints('pads') ?? new Array(spatial * 2).fill(0),
    autoPad: ctx.string('auto_pad') ?? 'NOTSET',
  };
}

/** Output size of a sliding window over one spatial dim (Conv and pooling share it). */
function windowOutput(ctx: InferContext, w: Window, i: number, input: Dim, ceil: boolean): Dim {
  if (!isKnown(input)) return null;
  const stride = w.strides[i];
  const effective = (w.kernel[i] - 1) * w.dilations[i] + 1;
  if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(input / stride);
  if (w.autoPad === 'VALID') return Math.ceil((input - effective + 1) / stride);
  const padded = input + w.pads[i] + w.pads[i + w.kernel.length];
  if (padded < effective)
    ctx.fail(`window ${effective} is larger than the padded input ${padded} on spatial axis ${i}`);
  let out = (ceil ? Math.ceil : Math.floor)((padded - effective) / stride) + 1;
  // onnx: in ceil mode the last window must start inside the input or its left padding.
  if (ceil && (out - 1) * stride >= input + w.pads[i]) out--;
  return out;
}

const conv: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const weight = ctx.shape(1);
  const elemType = ctx.elemType(0);
  if (!x) return ctx.one(tensor(elemType));
  const spatial = x.length - 2;
  if (weight && weight.length !== x.length)
    ctx.fail(`weight rank ${weight.length} does not match input rank ${x.length}`);
  const kernel =
    ctx.ints('kernel_shape') ?? (weight && weight.slice(2).every(isKnown) ? (weight.slice(2) as number[]) : undefined);
  const w = windowOf(ctx, spatial, kernel);
  const group = ctx.int('group', 1);
  if (weight && isKnown(x[1]) && isKnown(weight[1]) && x[1] !== weight[1] * group)
    ctx.fail(`input has ${x[1]} channels, weight expects ${weight[1]} × group ${group}`);
  const out: Dim[] = [x[0], weight?.[0] ?? null];
  for (let i = 0; i < spatial; i++) out.push(w ? windowOutput(ctx, w, i, x[i + 2], false) : null);
  return ctx.one(tensor(elemType, out));
};

const convTranspose: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const weight = ctx.shape(1);
  const elemType = ctx.elemType(0);
  if (!x) return ctx.one(tensor(elemType));
  const spatial = x.length - 2;
  const group = ctx.int('group', 1);
  const kernel =
    ctx.ints('kernel_shape') ?? (weight && weight.slice(2).every(isKnown) ? (weight.slice(2) as number[]) : undefined);
  const w = windowOf(ctx, spatial, kernel);
  const channels = weight && isKnown(weight[1]) ? weight[1] * group : null;
  const outputShape = ctx.ints('output_shape');
  const outputPadding = ctx.ints('output_padding') ?? new Array(spatial).fill(0);
  const out: Dim[] = [x[0], channels];
  for (let i = 0; i < spatial; i++) {
    const d = x[i + 2];
    if (outputShape) out.push(outputShape[outputShape.length - spatial + i]);
    else if (!w || !isKnown(d)) out.push(null);
    else if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') out.push(d * w.strides[i]);
    else {
      const pads = w.autoPad === 'VALID' ? 0 : w.pads[i] + w.pads[i + spatial];
      out.push(w.strides[i] * (d - 1) + outputPadding[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - pads);
    }
  }
  return ctx.one(tensor(elemType, out));
};

function pool(kind: 'max' | 'other'): InferFn {
  return (ctx) => {
    const x = ctx.shape(0);
    const elemType = ctx.elemType(0);
    if (!x) return [tensor(elemType), tensor('INT64')];
    const spatial = x.length - 2;
    const w = windowOf(ctx, spatial, ctx.ints('kernel_shape'));
    const ceil = ctx.int('ceil_mode', 0) === 1;
    const out: Dim[] = [x[0], x[1]];
    for (let i = 0; i < spatial; i++) out.push(w ? windowOutput(ctx, w, i, x[i + 2], ceil) : null);
    return kind === 'max' ? [tensor(elemType, out), tensor('INT64', out)] : [tensor(elemType, out)];
  };
}

const globalPool: InferFn = (ctx) => {
  const x = ctx.shape(0);
  return ctx.one(tensor(ctx.elemType(0), x ? x.map((d, i) => (i < 2 ? d : 1)) : undefined));
};

/** numpy matmul: 1-D operands are promoted and the added dim removed; batch dims broadcast. */
export function matmulShape(ctx: InferContext, a: Dim[] | undefined, b: Dim[] | undefined): Dim[] | undefined {
  if (!a || !b) return undefined;
  if (a.length === 0 || b.length === 0) ctx.fail('MatMul inputs must not be scalars');
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const k1 = a2[a2.length - 1];
  const k2 = b2[b2.length - 2];
  if (isKnown(k1) && isKnown(k2) && k1 !== k2) ctx.fail(`inner dimensions differ: ${k1} vs ${k2}`);
  // A matrix right operand broadcasts nothing: the output is the left shape with its last dim replaced.
  if (b.length === 2 && a.length >= 2) {
    const out = a.slice();
    out[a.length - 1] = b[1];
    return out;
  }
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)]);
  if (typeof batch === 'string') ctx.fail(`batch dimensions do not broadcast (${batch})`);
  const out = [...(batch as Dim[])];
  if (a.length !== 1) out.push(a2[a2.length - 2]);
  if (b.length !== 1) out.push(b2[b2.length - 1]);
  return out;
}

const matmul: InferFn = (ctx) => ctx.one(tensor(ctx.elemType(0), matmulShape(ctx, ctx.shape(0), ctx.shape(1))));

const matmulInteger: InferFn = (ctx) => ctx.one(tensor('INT32', matmulShape(ctx, ctx.shape(0), ctx.shape(1))));

const qlinearMatmul: InferFn = (ctx) => ctx.one(tensor(ctx.elemType(7), matmulShape(ctx, ctx.shape(0), ctx.shape(3))));

const gemm: InferFn = (ctx) => {
  const a = ctx.shape(0);
  const b = ctx.shape(1);
  if (!a || !b) return ctx.one(tensor(ctx.elemType(0)));
  if (a.length !== 2 || b.length !== 2) ctx.fail(`Gemm needs 2-D inputs, got ranks ${a.length} and ${b.length}`);
  const [m, k1] = ctx.int('transA', 0) ? [a[1], a[0]] : [a[0], a[1]];
  const [k2, n] = ctx.int('transB', 0) ? [b[1], b[0]] : [b[0], b[1]];
  if (isKnown(k1) && isKnown(k2) && k1 !== k2) ctx.fail(`inner dimensions differ: ${k1} vs ${k2}`);
  return ctx.one(tensor(ctx.elemType(0), [m, n]));
};

const resize: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const elemType = ctx.elemType(0);
  if (!x) return ctx.one(tensor(elemType));
  const upsample = ctx.node.opType === 'Upsample';
  const scalesIndex = upsample ? 1 : ctx.opset >= 11 ? 2 : 1;
  const sizes = !upsample && ctx.opset >= 11 && ctx.node.inputs[3] ? ctx.value(3) : undefined;
  const scales =
    upsample && ctx.opset < 9
      ? ctx.floats('scales')
      : ctx.node.inputs[scalesIndex]
        ? ctx.numbers(scalesIndex)
        : undefined;
  const axes = ctx.ints('axes')?.map((a) => (a < 0 ? a + x.length : a)) ?? x.map((_, i) => i);
  const out: Dim[] = [...x];
  if (sizes && sizes.length === axes.length) {
    const policy = ctx.string('keep_aspect_ratio_policy') ?? 'stretch';
    if (policy === 'stretch') axes.forEach((a, i) => (out[a] = sizes[i]));
    else {
      const ratios = axes.map((a, i) =>
        isKnown(sizes[i]) && isKnown(x[a]) ? (sizes[i] as number) / (x[a] as number) : NaN,
      );
      const r = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
      axes.forEach((a) => (out[a] = isKnown(x[a]) && !Number.isNaN(r) ? Math.round(r * (x[a] as number)) : null));
    }
  } else if (scales && scales.length === axes.length && scales.length > 0) {
    axes.forEach((a, i) => {
      const d = x[a];
      out[a] = isKnown(d) ? Math.floor(Math.fround(d * scales[i]) + 1e-6) : scales[i] === 1 ? d : null;
    });
  } else
    return ctx.one(
      tensor(
        elemType,
        x.map(() => null),
      ),
    );
  return ctx.one(tensor(elemType, out));
};

const quantize: InferFn = (ctx) => {
  const target = ctx.int('output_dtype');
  const zeroType = ctx.elemType(2);
  const elemType = target ? undefined : (zeroType ?? 'UINT8');
  return ctx.one(tensor(elemType ?? dataType(target), ctx.shape(0)));
};

const dequantize: InferFn = (ctx) => ctx.one(tensor(ctx.elemType(1) ?? 'FLOAT', ctx.shape(0)));

const dynamicQuantize: InferFn = (ctx) => [tensor('UINT8', ctx.shape(0)), tensor('FLOAT', []), tensor('UINT8', [])];

function dataType(n: number | undefined): string | undefined {
  return n === undefined ? undefined : dataTypeName(n);
}

const qlinearConv: InferFn = (ctx) => {
  // Conv's view of the node: its weight is input 3. Object.create keeps NodeContext's methods (a spread drops them).
  const asConv = Object.create(ctx, { shape: { value: (i: number) => ctx.shape(i === 1 ? 3 : i) } }) as typeof ctx;
  const inner = conv(asConv);
  return ctx.one(
    tensor(
      ctx.elemType(7) ?? ctx.elemType(0),
      inner[0] && inner[0].type.kind === 'tensor' ? inner[0].type.shape : undefined,
    ),
  );
};

const convInteger: InferFn = (ctx) => {
  const inner = conv(ctx);
  return ctx.one(tensor('INT32', inner[0] && inner[0].type.kind === 'tensor' ? inner[0].type.shape : undefined));
};

const lpNorm: InferFn = (ctx) => ctx.one(tensor(ctx.elemType(0), ctx.shape(0)));

const depthToSpace: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const b = ctx.int('blocksize', 1);
  if (!x || x.length !== 4) return ctx.one(tensor(ctx.elemType(0)));
  const scale = (d: Dim, f: number, div: boolean): Dim => (isKnown(d) ? (div ? d / f : d * f) : null);
  return ctx.node.opType === 'DepthToSpace'
    ? [tensor(ctx.elemType(0), [x[0], scale(x[1], b * b, true), scale(x[2], b, false), scale(x[3], b, false)])]
    : [tensor(ctx.elemType(0), [x[0], scale(x[1], b * b, false), scale(x[2], b, true), scale(x[3], b, true)])];
};

export const nnOps: Record<string, InferFn> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  ConvInteger: convInteger,
  QLinearConv: qlinearConv,
  MaxPool: pool('max'),
  AveragePool: pool('other'),
  LpPool: pool('other'),
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  MatMul: matmul,
  MatMulInteger: matmulInteger,
  QLinearMatMul: qlinearMatmul,
  Gemm: gemm,
  Resize: resize,
  Upsample: resize,
  QuantizeLinear: quantize,
  DequantizeLinear: dequantize,
  DynamicQuantizeLinear: dynamicQuantize,
  LpNormalization: lpNorm,
  DepthToSpace: depthToSpace,
  SpaceToDepth: depthToSpace,
};
