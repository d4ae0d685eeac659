// com.microsoft operators that appear in real exports (onnxruntime's transformer optimizer, quantization tools).
import type { Dim } from '../../onnx/model';
import { isKnown } from '../dims';
import type { InferFn } from '../types';
import { tensor } from '../types';
import { elementwiseOps } from './elementwise';
import { matmulShape, nnOps } from './nn';

const sameAsInput: InferFn = (ctx) => [tensor(ctx.elemType(0), ctx.shape(0))];

const fusedMatMul: InferFn = (ctx) => {
  const swap = (s: Dim[] | undefined, yes: boolean) =>
    s && yes && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s;
  return [
    tensor(
      ctx.elemType(0),
      matmulShape(ctx, swap(ctx.shape(0), ctx.int('transA', 0) === 1), swap(ctx.shape(1), ctx.int('transB', 0) === 1)),
    ),
  ];
};

const skipLayerNorm: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const stats = x?.map((d, i) => (i === x.length - 1 ? 1 : d));
  return [tensor(ctx.elemType(0), x), tensor('FLOAT', stats), tensor('FLOAT', stats), tensor(ctx.elemType(0), x)];
};

const attention: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const weights = ctx.shape(1);
  const sizes = ctx.ints('qkv_hidden_sizes');
  const hidden: Dim = sizes ? sizes[2] : weights && isKnown(weights[1]) ? weights[1] / 3 : null;
  return [tensor(ctx.elemType(0), x ? [x[0], x[1], hidden] : undefined), tensor(ctx.elemType(0))];
};

const multiHeadAttention: InferFn = (ctx) => {
  const q = ctx.shape(0);
  const v = ctx.shape(2);
  const hidden = v && v.length === 3 ? v[2] : (q?.[2] ?? null);
  return [tensor(ctx.elemType(0), q && q.length === 3 ? [q[0], q[1], hidden] : undefined)];
};

const embedLayerNorm: InferFn = (ctx) => {
  const ids = ctx.shape(0);
  const hidden = ctx.shape(2)?.[1] ?? null;
  return [
    tensor(ctx.elemType(2), ids ? [ids[0], ids[1], hidden] : undefined),
    tensor('INT32', ids ? [ids[0]] : undefined),
    tensor(ctx.elemType(2), ids ? [ids[0], ids[1], hidden] : undefined),
  ];
};

const matMulNBits: InferFn = (ctx) => {
  const a = ctx.shape(0);
  return [tensor(ctx.elemType(0), a ? [...a.slice(0, -1), ctx.int('N') ?? null] : undefined)];
};

export const microsoftOps: Record<string, InferFn> = {
  Gelu: sameAsInput,
  FastGelu: sameAsInput,
  BiasGelu: sameAsInput,
  QuickGelu: sameAsInput,
  BiasAdd: sameAsInput,
  RotaryEmbedding: sameAsInput,
  GroupQueryAttention: sameAsInput,
  FusedMatMul: fusedMatMul,
  SkipLayerNormalization: skipLayerNorm,
  SkipSimplifiedLayerNormalization: skipLayerNorm,
  SimplifiedLayerNormalization: elementwiseOps.LayerNormalization,
  LayerNormalization: elementwiseOps.LayerNormalization,
  Attention: attention,
  MultiHeadAttention: multiHeadAttention,
  EmbedLayerNormalization: embedLayerNorm,
  MatMulNBits: matMulNBits,
  FusedConv: nnOps.Conv,
  QuantizeLinear: nnOps.QuantizeLinear,
  DequantizeLinear: nnOps.DequantizeLinear,
};
