// The per-tensor sizes the activation estimate adds up, checked against ONNX Runtime's own figures: its profiler
// records, for every node it runs, the bytes of the node's outputs (`output_size`). With graph optimizations off,
// ORT's nodes are the model's own, so each node's inferred output bytes must equal ORT's exactly. ORT's allocator
// peak is not compared: it reuses freed buffers by its own plan (memory patterns, arena chunks), so it is a
// different quantity from our liveness peak over the node order. Its per-node `parameter_size` (the bytes of the
// node's initializer inputs) is compared too, with weight prepacking off: prepacking (Gemm/MatMul on CPU) copies B
// into ORT's own layout and frees the initializer, which hid 6.5 MB of mobilenet's 10.1 MB of weights from it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readOnnxModel } from '../onnx/reader';
import { inferShapes } from '../shape-inference/cache';
import { sharedRoot } from '../../test/profiling/corpus';
import type { OnnxNode } from '../onnx/model';
import type { TensorInfo } from '../shape-inference/types';
import { tensorBytes } from './estimate';

const elemTypeOf = (info: TensorInfo | undefined) => (info?.type.kind === 'tensor' ? info.type.elemType : undefined);

type Feeds = Record<string, { type: 'float32' | 'int64'; dims: number[] }>;
const MODELS: { file: string; feeds: Feeds }[] = [
  { file: 'squeezenet_op9.full.onnx', feeds: { data: { type: 'float32', dims: [1, 3, 224, 224] } } },
  { file: 'mobilenet_v3_small_op13.full.onnx', feeds: { input: { type: 'float32', dims: [2, 3, 224, 224] } } },
  {
    file: 'llama_tiny_op17.full.onnx',
    feeds: { input_ids: { type: 'int64', dims: [1, 16] }, attention_mask: { type: 'int64', dims: [1, 16] } },
  },
];

/** Per node: the bytes of its outputs and of its initializer inputs as ORT's profiler saw them in one run. */
async function ortNodeBytes(file: string, feeds: Feeds): Promise<Map<string, { output: number; parameter: number }>> {
  const ort = await import('onnxruntime-node');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-ort-memory-'));
  try {
    const session = await ort.InferenceSession.create(file, {
      logSeverityLevel: 3,
      graphOptimizationLevel: 'disabled',
      enableProfiling: true,
      profileFilePrefix: path.join(dir, 'ort'),
      extra: { session: { disable_prepacking: '1' } },
    });
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, { type, dims }]) => {
        const count = dims.reduce((a, b) => a * b, 1);
        const data = type === 'int64' ? new BigInt64Array(count).fill(1n) : new Float32Array(count).fill(0.5);
        return [name, new ort.Tensor(type, data, dims)];
      }),
    );
    await session.run(tensors);
    session.endProfiling();
    await session.release();
    const profile = fs.readdirSync(dir).find((f) => f.endsWith('.json'))!;
    const events = JSON.parse(fs.readFileSync(path.join(dir, profile), 'utf8')) as {
      cat?: string;
      name?: string;
      args?: { output_size?: string; parameter_size?: string };
    }[];
    const out = new Map<string, { output: number; parameter: number }>();
    for (const e of events)
      if (e.cat === 'Node' && e.name?.endsWith('_kernel_time') && e.args?.output_size !== undefined)
        out.set(e.name.slice(0, -'_kernel_time'.length), {
          output: Number(e.args.output_size),
          parameter: Number(e.args.parameter_size),
        });
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const { file, feeds } of MODELS)
  test(`every node's inferred output bytes and weight bytes equal ONNX Runtime's on ${file}`, async () => {
    const full = path.join(sharedRoot, 'corpus/onnx/exported', file);
    const model = readOnnxModel(full);
    const inputShapes = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, f.dims]));
    const tensors = inferShapes(model, { inputShapes }).main.tensors;
    const ort = await ortNodeBytes(full, feeds);
    const nodes = model.graph!.nodes;
    // ORT turns Constant nodes into initializers, so their values count as parameters of the nodes reading them.
    const initializerBytes = new Map(model.graph!.initializers.map((t) => [t.name, t.byteSize]));
    for (const node of nodes)
      if (node.opType === 'Constant')
        initializerBytes.set(node.outputs[0], tensorBytes(tensors.get(node.outputs[0])) ?? NaN);
    const mismatches: string[] = [];
    let compared = 0;
    let ourWeights = 0;
    let ortWeights = 0;
    for (const node of nodes) {
      const theirs = ort.get(node.name);
      if (theirs === undefined) continue;
      const ours = node.outputs.filter(Boolean).reduce((sum, o) => sum + (tensorBytes(tensors.get(o)) ?? NaN), 0);
      const weights = node.inputs.reduce((sum, i) => sum + (initializerBytes.get(i) ?? 0), 0);
      compared++;
      ourWeights += weights;
      ortWeights += theirs.parameter;
      if (ours !== theirs.output) mismatches.push(`${node.name} (${node.opType}): ours ${ours}, ORT ${theirs.output}`);
      if (weights !== theirs.parameter)
        mismatches.push(`${node.name} (${node.opType}) weights: ours ${weights}, ORT ${theirs.parameter}`);
    }
    process.stdout.write(
      `# ${file}: ${compared - mismatches.length}/${compared} nodes agree with ORT; weights read ${ourWeights} B, ORT ${ortWeights} B\n`,
    );
    // ORT runs every node but Constants (initializers to it) and Casts to the type they already have (removed
    // when the session loads, even with optimizations off): those are the only nodes allowed to be missing.
    const sameTypeCast = (n: OnnxNode) =>
      n.opType === 'Cast' && elemTypeOf(tensors.get(n.inputs[0])) === elemTypeOf(tensors.get(n.outputs[0]));
    const missing = nodes.filter((n) => n.opType !== 'Constant' && !ort.has(n.name) && !sameTypeCast(n));
    assert.deepEqual(
      missing.map((n) => `${n.name} (${n.opType})`),
      [],
      'nodes ORT did not run',
    );
    assert.deepEqual(mismatches, []);
  });
