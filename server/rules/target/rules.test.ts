// target/* rules: each fires on a real model under a target and stays quiet on a close variant (another model or
// another target).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModels, findingsOf, ruleCaseTests } from '../../../test/support/rule-cases';

const conv = (elem: string, weights: string) => `
m = model([h.make_node('Conv', ['x', 'w'], ['y'], name='conv')], [vi('x', ${elem}, [1, 3, 8, 8])], [vi('y', ${elem}, [1, 4, 6, 6])],
          [${weights}])`;

const model = buildModels('target', {
  conv_fp32: conv('TP.FLOAT', "const('w', np.zeros((4, 3, 3, 3)))"),
  conv_bf16: conv(
    'TP.BFLOAT16',
    "h.make_tensor('w', TP.BFLOAT16, [4, 3, 3, 3], np.zeros(108, np.uint16).tobytes(), raw=True)",
  ),
  conv_fp16: conv('TP.FLOAT16', "const('w', np.zeros((4, 3, 3, 3)), np.float16)"),
  // FP8 (data type 17, FLOAT8E4M3FN) as a graph input: Debian's onnx 1.12 predates the enum name, not the number.
  fp8_input: `m = model([h.make_node('Identity', ['x'], ['y'], name='id')], [vi('x', 17, [4])], [vi('y', 17, [4])])`,
  qdq_conv: `
m = model([h.make_node('QuantizeLinear', ['x', 's', 'z'], ['q'], name='q'), h.make_node('DequantizeLinear', ['q', 's', 'z'], ['dq'], name='dq'),
           h.make_node('Conv', ['dq', 'w'], ['y'], name='conv')],
          [vi('x', TP.FLOAT, [1, 3, 8, 8])], [vi('y', TP.FLOAT, [1, 4, 6, 6])],
          [const('s', 0.1), const('z', 0, np.int8), const('w', np.zeros((4, 3, 3, 3)))])`,
  batched_nms: `m = model([h.make_node('BatchedNMS_TRT', ['x'], ['y'], name='nms', domain='trt.plugins')], [vi('x', shape=[1, 100, 4])], [vi('y', shape=[1, 100, 4])], domains=[('trt.plugins', 1)])`,
  // Two Relus on a [N, 1024, 1024] float tensor: at N = 2304, input, middle and output are 9 GiB each,
  // 27 GiB in all; at N = 2048 exactly the L4's 24 GiB.
  relu_chain: `m = model([h.make_node('Relu', ['x'], ['r'], name='r1'), h.make_node('Relu', ['r'], ['y'], name='r2')], [vi('x', shape=['N', 1024, 1024])], [vi('y', shape=['N', 1024, 1024])])`,
  efficient_nms: `m = model([h.make_node('EfficientNMS_TRT', ['x'], ['y'], name='nms', domain='trt.plugins')], [vi('x', shape=[1, 100, 4])], [vi('y', shape=[1, 100, 4])], domains=[('trt.plugins', 1)])`,
});

ruleCaseTests('target', model, {
  'target/precision-needs-gpu': {
    fires: {
      model: 'conv_bf16',
      config: { target: { gpu: 'T4' } },
      message:
        /"x" is BFLOAT16 \(BF16\), which needs compute capability 8\.0 or newer; the target GPU is NVIDIA T4 \(compute capability 7\.5\)/,
    },
    passes: { model: 'conv_bf16', config: { target: { gpu: 'A10' } } },
  },
  'target/plugin-removed': {
    fires: {
      model: 'batched_nms',
      config: { target: { tensorrt: '11.0' } },
      message: /BatchedNMS_TRT maps to the TensorRT plugin BatchedNMS_TRT v1, which TensorRT 11\.0 removed/,
      node: 'nms',
    },
    passes: { model: 'efficient_nms', config: { target: { tensorrt: '11.1' } } },
  },
  'target/weakly-typed-precision': {
    fires: {
      model: 'conv_fp32',
      config: { target: { tensorrt: '11.1' } },
      message: /TensorRT 11\.1 builds this model exactly as typed: every tensor is FP32/,
      node: 'conv',
    },
    passes: { model: 'conv_fp16', config: { target: { tensorrt: '11.1' } } },
  },
  'target/gpu-memory-fit': {
    fires: {
      model: 'relu_chain',
      config: {
        target: { gpu: 'L4' },
        profiles: [{ x: { min: [1, 1024, 1024], opt: [8, 1024, 1024], max: [2304, 1024, 1024] } }],
      },
      message:
        /1 instance × 27\.0 GiB \(weights 0 B \+ I\/O 18\.0 GiB \+ activation peak 9\.0 GiB at the profile's max shapes\) ≈ 27\.0 GiB of the NVIDIA L4's 24\.0 GiB/,
    },
    passes: {
      model: 'relu_chain',
      config: {
        target: { gpu: 'L4' },
        profiles: [{ x: { min: [1, 1024, 1024], opt: [8, 1024, 1024], max: [2048, 1024, 1024] } }],
      },
    },
  },
});

// More close variants: the same model under a target that has what it needs.

test('FP8 needs 8.9: fires on an A100 (8.0), quiet on an L4 (8.9); no GPU pinned, no verdict', () => {
  assert.match(
    findingsOf('target/precision-needs-gpu', model('fp8_input'), { target: { gpu: 'A100' } })[0].message,
    /FLOAT8E4M3FN \(FP8\), which needs compute capability 8\.9/,
  );
  assert.deepEqual(findingsOf('target/precision-needs-gpu', model('fp8_input'), { target: { gpu: 'L4' } }), []);
  assert.deepEqual(findingsOf('target/precision-needs-gpu', model('conv_bf16')), []);
});

test('strong typing: quiet on TensorRT 10.x, on a Q/DQ model under 11, and with no TensorRT known', () => {
  assert.deepEqual(
    findingsOf('target/weakly-typed-precision', model('conv_fp32'), { target: { tensorrt: '10.16' } }),
    [],
  );
  assert.deepEqual(
    findingsOf('target/weakly-typed-precision', model('qdq_conv'), { target: { tensorrt: '11.1' } }),
    [],
  );
  assert.deepEqual(findingsOf('target/weakly-typed-precision', model('conv_fp32')), []);
  assert.deepEqual(findingsOf('target/plugin-removed', model('batched_nms'), { target: { tensorrt: '10.16' } }), []);
});
