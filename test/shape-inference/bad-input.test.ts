// Bad input gives issues naming the node, never a throw, a hang or unbounded memory: contradictory stored shapes,
// rank mismatches, a cycle, dims near 2^63, a Concat of 100k inputs, a time budget that runs out, a value budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dim, OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode } from '../../server/onnx/model';
import { inferModelShapes } from '../../server/shape-inference/engine';

const span = { offset: 0, length: 0 };
const ints = (name: string, values: number[]): OnnxAttribute => ({ name, type: 'INTS', ints: values, span });
const int = (name: string, value: number): OnnxAttribute => ({ name, type: 'INT', i: value, span });
const node = (
  opType: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attributes: OnnxAttribute[] = [],
): OnnxNode => ({
  name,
  opType,
  domain: '',
  inputs,
  outputs,
  attributes,
  metadataProps: [],
});
const input = (name: string, shape: Dim[]) => ({ name, type: { kind: 'tensor' as const, elemType: 'FLOAT', shape } });

function model(
  nodes: OnnxNode[],
  inputs: ReturnType<typeof input>[],
  valueInfo: ReturnType<typeof input>[] = [],
): OnnxModel {
  const graph: OnnxGraph = {
    name: 'g',
    nodes,
    initializers: [],
    sparseInitializers: [],
    inputs,
    outputs: [],
    valueInfo,
    span,
  };
  return {
    path: '/nonexistent.onnx',
    fileSize: 0,
    opsetImports: [{ domain: '', version: 17 }],
    metadataProps: [],
    graph,
    functions: [],
    trainingInfoCount: 0,
  };
}

test('a stored shape that contradicts inference is an issue on the producing node; inference keeps its own', () => {
  const m = model([node('Relu', ['x'], ['y'], 'relu')], [input('x', [2, 3])], [input('y', [3, 2])]);
  const r = inferModelShapes(m);
  assert.deepEqual(
    r.issues.map((i) => [i.kind, i.node]),
    [['stored-conflict', 'relu']],
  );
  assert.deepEqual(r.main.tensors.get('y')?.type, { kind: 'tensor', elemType: 'FLOAT', shape: [2, 3] });
});

test('rank mismatches and broadcast failures name the node; later nodes go on', () => {
  const m = model(
    [
      node('MatMul', ['a', 'b'], ['c'], 'matmul'),
      node('Add', ['a', 'b'], ['d'], 'add'),
      node('Concat', ['a', 'e'], ['f'], 'concat', [int('axis', 0)]),
      node('Relu', ['a'], ['g'], 'relu'),
    ],
    [input('a', [2, 3]), input('b', [4, 5]), input('e', [2, 3, 4])],
  );
  const r = inferModelShapes(m);
  assert.deepEqual(
    r.issues.map((i) => i.node),
    ['matmul', 'add', 'concat'],
  );
  assert.match(r.issues[0].message, /MatMul "matmul": inner dimensions differ: 3 vs 4/);
  assert.match(r.issues[1].message, /do not broadcast/);
  assert.match(r.issues[2].message, /ranks 2 and 3/);
  assert.deepEqual(r.main.tensors.get('g')?.type, { kind: 'tensor', elemType: 'FLOAT', shape: [2, 3] });
});

test('a cycle leaves the nodes on it unknown without looping', () => {
  const m = model([node('Add', ['x', 'z'], ['y'], 'add'), node('Relu', ['y'], ['z'], 'relu')], [input('x', [2])]);
  const r = inferModelShapes(m);
  const y = r.main.tensors.get('y')?.type;
  assert.ok(y?.kind === 'tensor');
  assert.equal(y.shape, undefined, 'the input read before it is produced has no shape');
  assert.equal(r.truncated, false);
});

test('dims near 2^63 become unknown instead of overflowing', () => {
  const huge = 2 ** 62;
  const m = model(
    [
      node('Constant', [], ['s'], 'shape', [ints('value_ints', [huge, huge])]),
      node('ConstantOfShape', ['s'], ['y'], 'fill'),
    ],
    [],
  );
  const r = inferModelShapes(m);
  const type = r.main.tensors.get('y')?.type;
  assert.ok(type?.kind === 'tensor');
  assert.deepEqual(type.shape, [null, null]);
});

test('a Concat of 100k inputs is inferred within bounds', () => {
  const names = Array.from({ length: 100_000 }, (_, i) => `x${i}`);
  const m = model(
    [node('Concat', names, ['y'], 'concat', [int('axis', 0)])],
    names.map((n) => input(n, [1, 4])),
  );
  const r = inferModelShapes(m);
  const type = r.main.tensors.get('y')?.type;
  assert.ok(type?.kind === 'tensor');
  assert.deepEqual(type.shape, [100_000, 4]);
});

test('values kept over a model are bounded: past the budget outputs keep type and shape, one limit issue', () => {
  // 2000 Adds of a 1000-element shape-like constant would keep 2M values; the model budget is 2^20.
  const nodes = [
    node('Constant', [], ['c'], 'c', [
      ints(
        'value_ints',
        Array.from({ length: 1000 }, (_, i) => i),
      ),
    ]),
  ];
  for (let i = 0; i < 2000; i++) nodes.push(node('Add', [i === 0 ? 'c' : `a${i - 1}`, 'c'], [`a${i}`], `add${i}`));
  const r = inferModelShapes(model(nodes, []));
  assert.deepEqual(
    r.issues.map((i) => i.kind),
    ['limit'],
  );
  assert.equal(r.main.tensors.get('a10')?.value?.[1], 12, 'values before the budget are kept');
  const last = r.main.tensors.get('a1999');
  assert.equal(last?.value, undefined);
  assert.ok(last?.type.kind === 'tensor');
  assert.deepEqual([last.type.elemType, last.type.shape], ['INT64', [1000]]);
});

test('an exhausted time budget stops inference with a limit issue', () => {
  const nodes = Array.from({ length: 5000 }, (_, i) =>
    node('Relu', [i === 0 ? 'x' : `t${i - 1}`], [`t${i}`], `relu${i}`),
  );
  const r = inferModelShapes(model(nodes, [input('x', [2])]), { timeLimitMs: -1 });
  assert.equal(r.truncated, true);
  assert.deepEqual(
    r.issues.map((i) => i.kind),
    ['limit'],
  );
});
