// onnx/* rules: each fires on one real model and stays quiet on a close variant that is fine.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { debianPython } from '../../../test/support/paths';
import { buildModels, findingsOf, ruleCaseTests } from '../../../test/support/rule-cases';

const model = buildModels('onnx', {
  valid: 'm = relu_model()',
  truncated: `
data = relu_model().SerializeToString()
open(path, 'wb').write(data[: len(data) // 2])
m = None`,
  // Issue 13: If branches whose outputs carry an empty TypeProto (onnx.checker leaves subgraph I/O unchecked) and
  // a main-graph output whose tensor type has no shape field (onnx.checker: "Field 'shape' of 'type' is required").
  if_empty_branch_types: `
then_g = h.make_graph([h.make_node('Relu', ['x'], ['r'])], 'then', [], [onnx.ValueInfoProto(name='r', type=onnx.TypeProto())])
else_g = h.make_graph([h.make_node('Neg', ['x'], ['n'])], 'else', [], [onnx.ValueInfoProto(name='n', type=onnx.TypeProto())])
m = model([h.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g)], [vi('c', TP.BOOL, []), vi('x', shape=[1, 4])], [vi('y', shape=[1, 4])])`,
  shapeless_output: `m = relu_model()
m.graph.output[0].type.tensor_type.ClearField('shape')`,
  undefined_input: `m = model([h.make_node('Add', ['x', 'nowhere'], ['y'], name='add')], [vi('x', shape=[1, 4])], [vi('y', shape=[1, 4])])`,
  short_raw_data: `
w = const('w', [1, 2, 3])
w.dims[:] = [4]
m = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], [vi('x', shape=[4])], [vi('y', shape=[4])], [w])`,
  old_ir: 'm = relu_model(opset=13, ir=3)',
  matching_ir: 'm = relu_model(opset=13, ir=7)',
  external: `
w = const('w', np.arange(64))
mm = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], [vi('x', shape=[64])], [vi('y', shape=[64])], [w])
onnx.save_model(mm, path, save_as_external_data=True, location='external.bin', size_threshold=0)
m = None`,
  external_missing: `
w = const('w', np.arange(64))
mm = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], [vi('x', shape=[64])], [vi('y', shape=[64])], [w])
onnx.save_model(mm, path, save_as_external_data=True, location='missing.bin', size_threshold=0)
os.remove(os.path.join(out, 'missing.bin'))
m = None`,
  external_short: `
w = const('w', np.arange(64))
mm = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], [vi('x', shape=[64])], [vi('y', shape=[64])], [w])
onnx.save_model(mm, path, save_as_external_data=True, location='short.bin', size_threshold=0)
os.truncate(os.path.join(out, 'short.bin'), 100)
m = None`,
  external_escapes: `
from onnx.external_data_helper import set_external_data
w = const('w', np.arange(64))
set_external_data(w, location='../outside.bin')
w.ClearField('raw_data')
w.data_location = TP.EXTERNAL
m = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], [vi('x', shape=[64])], [vi('y', shape=[64])], [w])`,
  // A 2.1 GB model with its weights inline, written as a sparse file: the tensor's raw_data is the
  // file's last field, so its zero bytes need not be written.
  over_2gb_inline: `
n = 2**31 + 1024
t = onnx.TensorProto(name='big', data_type=TP.UINT8, dims=[n])
tensor = t.SerializeToString() + b'\\x4a' + varint(n)  # field 9 (raw_data), length-delimited
g = h.make_graph([h.make_node('Add', ['x', 'big'], ['y'], name='add')], 'rule_test', [vi('x', TP.UINT8, [n])], [vi('y', TP.UINT8, [n])])
graph = g.SerializeToString() + b'\\x2a' + varint(len(tensor) + n) + tensor  # field 5 (initializer)
head = h.make_model(onnx.GraphProto(), opset_imports=[h.make_opsetid('', 13)])
head.ClearField('graph')
prefix = head.SerializeToString() + b'\\x3a' + varint(len(graph) + n) + graph  # field 7 (graph)
with open(path, 'wb') as f:
    f.write(prefix)
    f.truncate(len(prefix) + n)
m = None`,
  upsample_opset9: `m = model([h.make_node('Upsample', ['x', 'scales'], ['y'], name='up', mode='nearest')], [vi('x', shape=[1, 1, 2, 2])], [vi('y', shape=[1, 1, 4, 4])], [const('scales', [1, 1, 2, 2])], opset=9)`,
  upsample_opset10: `m = model([h.make_node('Upsample', ['x', 'scales'], ['y'], name='up', mode='nearest')], [vi('x', shape=[1, 1, 2, 2])], [vi('y', shape=[1, 1, 4, 4])], [const('scales', [1, 1, 2, 2])], opset=10)`,
  upsample_in_subgraph: `
branch = lambda name: h.make_graph([h.make_node('Upsample', ['x', 'scales'], [name + '_y'], name=name + '_up', mode='nearest')], name, [], [vi(name + '_y', shape=[1, 1, 4, 4])])
m = model([h.make_node('If', ['cond'], ['y'], name='choose', then_branch=branch('then'), else_branch=branch('else'))],
          [vi('cond', TP.BOOL, []), vi('x', shape=[1, 1, 2, 2])], [vi('y', shape=[1, 1, 4, 4])], [const('scales', [1, 1, 2, 2])], opset=10)`,
  maxpool_opset9: `m = model([h.make_node('MaxPool', ['x'], ['y'], name='pool', kernel_shape=[2, 2])], [vi('x', shape=[1, 1, 4, 4])], [vi('y', shape=[1, 1, 2, 2])], opset=9)`,
  maxpool_opset17: `m = model([h.make_node('MaxPool', ['x'], ['y'], name='pool', kernel_shape=[2, 2])], [vi('x', shape=[1, 1, 4, 4])], [vi('y', shape=[1, 1, 2, 2])], opset=17)`,
});

ruleCaseTests('onnx', model, {
  'onnx/unreadable-model': { fires: { model: 'truncated', message: /truncated|offset/ }, passes: { model: 'valid' } },
  'onnx/invalid-structure': {
    fires: { model: 'undefined_input', message: /input "nowhere" of Add node "add" is not a graph input/, node: 'add' },
    passes: { model: 'valid' },
  },
  'onnx/tensor-data-size': {
    fires: { model: 'short_raw_data', message: /tensor "w" \(FLOAT \[4\]\): raw_data has 12 bytes, dims need 16/ },
    passes: { model: 'valid' },
  },
  'onnx/ir-version-opset': {
    fires: { model: 'old_ir', message: /IR version 3 is older than IR 7, which opset 13 came with/ },
    passes: { model: 'matching_ir' },
  },
  'onnx/external-data-missing': {
    fires: { model: 'external_missing', message: /"missing\.bin" is missing/ },
    passes: { model: 'external' },
  },
  'onnx/external-data-short': {
    fires: { model: 'external_short', message: /short\.bin/ },
    passes: { model: 'external' },
  },
  'onnx/external-data-escapes-folder': {
    fires: { model: 'external_escapes', message: /\.\.\/outside\.bin/ },
    passes: { model: 'external' },
  },
  'onnx/external-data-required': {
    fires: {
      model: 'over_2gb_inline',
      message: /over the 2 GB protobuf limit\) with 2\.0 GiB|over the 2 GB protobuf limit/,
    },
    passes: { model: 'valid' },
  },
  'onnx/opset-deprecated-op': {
    fires: {
      model: 'upsample_opset10',
      message: /Upsample is deprecated since opset 10 .*use Resize instead/,
      node: 'up',
    },
    passes: { model: 'upsample_opset9' },
  },
  'onnx/opset-upgrade-plan': {
    fires: { model: 'maxpool_opset9', message: /upgrading opset 9 -> 24 .* MaxPool \(1 node; changes at 10/ },
    // TensorRT 8.6 parses up to opset 17: a model at 17 has nothing to upgrade to.
    passes: { model: 'maxpool_opset17', config: { tensorrt: '8.6' } },
  },
});

test('onnx/opset-deprecated-op looks inside subgraphs', () => {
  const found = findingsOf('onnx/opset-deprecated-op', model('upsample_in_subgraph'));
  // One finding per (rule, model): the first node anchors it, the other is a related location.
  assert.equal(found.length, 1);
  assert.deepEqual([found[0].node, ...(found[0].related ?? []).map((r) => r.node)].sort(), ['else_up', 'then_up']);
});

// The verdict and its reference: Debian onnx 1.12's checker on the same file (onnx 1.23 agrees: checker-parity-1.23).
for (const [name, valid] of [
  ['if_empty_branch_types', true],
  ['shapeless_output', false],
] as const) {
  test(`onnx/invalid-structure follows onnx.checker on ${name}: ${valid ? 'valid' : 'invalid'}`, () => {
    const script =
      'import onnx, sys\ntry:\n    onnx.checker.check_model(sys.argv[1]); print("valid")\nexcept Exception as e: print("invalid", e)';
    const reference = execFileSync(debianPython, ['-c', script, model(name)], { encoding: 'utf8' });
    assert.equal(reference.startsWith('valid'), valid, reference);
    const found = findingsOf('onnx/invalid-structure', model(name));
    assert.equal(found.length === 0, valid, found.map((f) => f.message).join(' | '));
    if (!valid) assert.match(found[0].message, /Field 'shape' of 'type' is required but missing/);
  });
}
