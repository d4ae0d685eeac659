// TensorRT 11 builds strongly typed networks only: an all-FP32 model without Q/DQ runs in FP32 as written.
import type { Rule } from '../rule';
import { allNodes } from '../support/graph-walk';
import { isTrt11 } from './target-facts';

/** Ops whose cost reduced precision cuts; a model without them gains little from FP16. */
const HEAVY_OPS = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm', 'Attention', 'Einsum']);
const REDUCED_FLOATS = new Set(['FLOAT16', 'BFLOAT16', 'FLOAT8E4M3FN', 'FLOAT8E5M2', 'FLOAT4E2M1']);
const QUANTIZE_OPS = new Set(['QuantizeLinear', 'DequantizeLinear']);

export const weaklyTypedPrecision: Rule = {
  id: 'target/weakly-typed-precision',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'The target runs TensorRT 11 (strongly typed networks only) and the model declares no reduced precision: all FP32, no FP16/BF16 tensors, no Q/DQ. `--fp16`, `--int8`, `--best` and INT8 calibration no longer exist to lower it at build time.',
    why: 'TensorRT 11 removed weakly typed networks and implicit quantization (NVIDIA/TensorRT README "TensorRT 11.X"; trtexec 11.0 has no --fp16/--bf16/--int8/--fp8/--best/--calib). A model that relied on those flags is built exactly as typed: FP32 everywhere, often several times slower than the FP16 engine it used to get.',
    howToFix:
      'Express precision in the graph: `python -m modelopt.onnx.autocast --onnx_path model.onnx --output_path model.fp16.onnx --low_precision_type fp16` (FP16/BF16 with Cast nodes where FP32 is needed), or `python -m modelopt.onnx.quantization` for INT8/FP8 Q/DQ (explicit quantization replaces calibration). If FP32 is what you want, set this rule to "off".',
  },
  check(ctx) {
    if (!isTrt11(ctx)) return [];
    let heavy: string | undefined;
    for (const { node, label } of allNodes(ctx.facts)) {
      if (QUANTIZE_OPS.has(node.opType)) return [];
      if (node.opType === 'Cast' || node.opType === 'CastLike') {
        const to = node.outputs[0] && ctx.facts.elemType(node.outputs[0]);
        if (to && REDUCED_FLOATS.has(to)) return [];
      }
      if (!heavy && HEAVY_OPS.has(node.opType)) heavy = label;
    }
    if (!heavy) return [];
    const typed = [
      ...ctx.graph.initializers.map((i) => i.elemType),
      ...[...ctx.graph.inputs, ...ctx.graph.outputs].map((v) => ctx.facts.elemType(v.name)),
    ];
    if (typed.some((t) => t && REDUCED_FLOATS.has(t))) return [];
    const trt = ctx.target.tensorrt;
    return [
      {
        node: heavy,
        message: `TensorRT ${trt} builds this model exactly as typed: every tensor is FP32 and there is no Q/DQ, and --fp16/--int8/--best are gone in TensorRT 11; declare FP16/BF16 (ModelOpt AutoCast) or INT8/FP8 (Q/DQ) in the graph`,
      },
    ];
  },
};
