// trt/* rules: each fires on one real model and stays quiet on a close variant TensorRT accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModels, findingsOf, ruleCaseTests } from '../../../test/support/rule-cases';

const loopBody = `
body = h.make_graph(
    [h.make_node('Add', ['acc_in', 'one'], ['acc_out'], name='step'), h.make_node('Identity', ['cond_in'], ['cond_out'], name='keep_going')],
    'body', [vi('i', TP.INT64, []), vi('cond_in', TP.BOOL, []), vi('acc_in', shape=[1])], [vi('cond_out', TP.BOOL, []), vi('acc_out', shape=[1]), vi('scan', shape=[1])],
    [const('one', [1.0])])
body.output.pop()
body.output.append(vi('acc_out_scan', shape=[1]))
body.node.append(h.make_node('Identity', ['acc_out'], ['acc_out_scan'], name='scan_out'))`;

// An If whose then branch holds the given nodes (reading the outer x, k, n) and returns "r".
const ifAround = (thenNodes: string, inits = '[]', inputs = "[vi('c', TP.BOOL, []), vi('x', shape=[1, 16])]") => `
${loopBody}
then_g = h.make_graph([${thenNodes}], 'then', [], [vi('r', shape=[1, 5])])
else_g = h.make_graph([h.make_node('Slice', ['x', 'zero', 'five', 'one_axis'], ['s'])], 'else', [], [vi('s', shape=[1, 5])])
m = model([h.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g)], ${inputs}, [vi('y', shape=[1, 5])],
          [const('zero', [0], np.int64), const('five', [5], np.int64), const('one_axis', [1], np.int64)] + ${inits}, opset=13)`;

const model = buildModels('trt', {
  relu: 'm = relu_model()',
  relu_opset7: 'm = relu_model(opset=7)',
  unique: `m = model([h.make_node('Unique', ['x'], ['y'], name='uniq')], [vi('x', shape=[8])], [vi('y', shape=[None])], opset=11)`,
  custom_op: `m = model([h.make_node('MyPlugin', ['x'], ['y'], name='plugin', domain='com.example')], [vi('x', shape=[1, 4])], [vi('y', shape=[1, 4])], domains=[('com.example', 1)])`,
  string_input: `m = model([h.make_node('Identity', ['x'], ['y'], name='id')], [vi('x', TP.STRING, [2])], [vi('y', TP.STRING, [2])])`,
  int64_input: `m = model([h.make_node('Neg', ['x'], ['y'], name='neg')], [vi('x', TP.INT64, [4])], [vi('y', TP.INT64, [4])])`,
  topk_unsorted: `m = model([h.make_node('TopK', ['x', 'k'], ['v', 'i'], name='topk', sorted=0)], [vi('x', shape=[1, 16])], [vi('v', shape=[1, 5]), vi('i', TP.INT64, [1, 5])], [const('k', [5], np.int64)], opset=11)`,
  topk_sorted: `m = model([h.make_node('TopK', ['x', 'k'], ['v', 'i'], name='topk', sorted=1)], [vi('x', shape=[1, 16])], [vi('v', shape=[1, 5]), vi('i', TP.INT64, [1, 5])], [const('k', [5], np.int64)], opset=11)`,
  nonzero: `m = model([h.make_node('NonZero', ['x'], ['y'], name='nz')], [vi('x', shape=[8])], [vi('y', TP.INT64, [1, None])])`,
  loop_dynamic: `${loopBody}
m = model([h.make_node('Loop', ['n', '', 'acc0'], ['acc', 'scans'], name='loop', body=body)],
          [vi('n', TP.INT64, []), vi('acc0', shape=[1])], [vi('acc', shape=[1]), vi('scans', shape=[None, 1])])`,
  loop_static: `${loopBody}
m = model([h.make_node('Loop', ['n', '', 'acc0'], ['acc', 'scans'], name='loop', body=body)],
          [vi('acc0', shape=[1])], [vi('acc', shape=[1]), vi('scans', shape=[3, 1])], [const('n', 3, np.int64)])`,
  // Restrictions from the matrix notes, a breaking and an accepted variant each.
  dropout_training_input: `m = model([h.make_node('Dropout', ['x', '', 't'], ['y'], name='drop')], [vi('x', shape=[1, 16]), vi('t', TP.BOOL, [])], [vi('y', shape=[1, 16])])`,
  dropout_training_true: `m = model([h.make_node('Dropout', ['x', '', 't'], ['y'], name='drop')], [vi('x', shape=[1, 16])], [vi('y', shape=[1, 16])], [const('t', True, np.bool_)])`,
  dropout_training_false: `m = model([h.make_node('Dropout', ['x', '', 't'], ['y'], name='drop')], [vi('x', shape=[1, 16])], [vi('y', shape=[1, 16])], [const('t', False, np.bool_)])`,
  einsum_ellipsis: `m = model([h.make_node('Einsum', ['a', 'b'], ['y'], name='ein', equation='...ij,...jk->...ik')], [vi('a', shape=[2, 3, 4]), vi('b', shape=[2, 4, 5])], [vi('y', shape=[2, 3, 5])], opset=12)`,
  einsum_diagonal: `m = model([h.make_node('Einsum', ['a'], ['y'], name='ein', equation='ii->i')], [vi('a', shape=[4, 4])], [vi('y', shape=[4])], opset=12)`,
  einsum_plain: `m = model([h.make_node('Einsum', ['a', 'b'], ['y'], name='ein', equation='ij,jk->ik')], [vi('a', shape=[3, 4]), vi('b', shape=[4, 5])], [vi('y', shape=[3, 5])], opset=12)`,
  lstm_mixed: `m = model([h.make_node('LSTM', ['x', 'w', 'r'], ['y'], name='lstm', hidden_size=2, direction='bidirectional', activations=['Sigmoid', 'Tanh', 'Tanh', 'Sigmoid', 'Relu', 'Relu'])], [vi('x', shape=[5, 1, 3])], [vi('y', shape=[5, 2, 1, 2])], [const('w', np.zeros((2, 8, 3))), const('r', np.zeros((2, 8, 2)))])`,
  lstm_same: `m = model([h.make_node('LSTM', ['x', 'w', 'r'], ['y'], name='lstm', hidden_size=2, direction='bidirectional', activations=['Sigmoid', 'Tanh', 'Tanh', 'Sigmoid', 'Tanh', 'Tanh'])], [vi('x', shape=[5, 1, 3])], [vi('y', shape=[5, 2, 1, 2])], [const('w', np.zeros((2, 8, 3))), const('r', np.zeros((2, 8, 2)))])`,
  if_same_names: `
then_g = h.make_graph([h.make_node('Relu', ['x'], ['r'])], 'then', [], [vi('r', shape=[1, 16])])
else_g = h.make_graph([h.make_node('Neg', ['x'], ['r'])], 'else', [], [vi('r', shape=[1, 16])])
m = model([h.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g)], [vi('c', TP.BOOL, []), vi('x', shape=[1, 16])], [vi('y', shape=[1, 16])])`,
  if_rank_mismatch: `
then_g = h.make_graph([h.make_node('Relu', ['x'], ['r'])], 'then', [], [vi('r', shape=[1, 16])])
else_g = h.make_graph([h.make_node('Flatten', ['x'], ['f'], axis=0)], 'else', [], [vi('f', shape=[16])])
m = model([h.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g)], [vi('c', TP.BOOL, []), vi('x', shape=[1, 16])], [vi('y')])`,
  if_distinct: `
then_g = h.make_graph([h.make_node('Relu', ['x'], ['r'])], 'then', [], [vi('r', shape=[1, 16])])
else_g = h.make_graph([h.make_node('Neg', ['x'], ['n'])], 'else', [], [vi('n', shape=[1, 16])])
m = model([h.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g)], [vi('c', TP.BOOL, []), vi('x', shape=[1, 16])], [vi('y', shape=[1, 16])])`,
  hardmax_dynamic_axis: `m = model([h.make_node('Hardmax', ['x'], ['y'], name='hmax', axis=1)], [vi('x', shape=[1, 'classes'])], [vi('y', shape=[1, 'classes'])])`,
  hardmax_static_axis: `m = model([h.make_node('Hardmax', ['x'], ['y'], name='hmax', axis=1)], [vi('x', shape=['batch', 10])], [vi('y', shape=['batch', 10])])`,
  deform_conv_3d: `m = model([h.make_node('DeformConv', ['x', 'w', 'off'], ['y'], name='dconv')], [vi('x', shape=[1, 1, 4, 4, 4]), vi('off', shape=[1, 81, 2, 2, 2])], [vi('y', shape=[1, 1, 2, 2, 2])], [const('w', np.zeros((1, 1, 3, 3, 3)))], opset=19)`,
  deform_conv_asymmetric: `m = model([h.make_node('DeformConv', ['x', 'w', 'off'], ['y'], name='dconv', pads=[0, 0, 1, 1])], [vi('x', shape=[1, 1, 4, 4]), vi('off', shape=[1, 18, 3, 3])], [vi('y', shape=[1, 1, 3, 3])], [const('w', np.zeros((1, 1, 3, 3)))], opset=19)`,
  deform_conv_ok: `m = model([h.make_node('DeformConv', ['x', 'w', 'off'], ['y'], name='dconv', pads=[1, 1, 1, 1])], [vi('x', shape=[1, 1, 4, 4]), vi('off', shape=[1, 18, 4, 4])], [vi('y', shape=[1, 1, 4, 4])], [const('w', np.zeros((1, 1, 3, 3)))], opset=19)`,
  loop_carried_grows: `
body = h.make_graph([h.make_node('Concat', ['acc_in', 'acc_in'], ['acc_out'], axis=0), h.make_node('Identity', ['cond_in'], ['cond_out'])],
    'body', [vi('i', TP.INT64, []), vi('cond_in', TP.BOOL, []), vi('acc_in', shape=[1])], [vi('cond_out', TP.BOOL, []), vi('acc_out', shape=[2])])
m = model([h.make_node('Loop', ['n', '', 'acc0'], ['acc'], name='loop', body=body)], [vi('acc0', shape=[1])], [vi('acc', shape=[None])], [const('n', 3, np.int64)])`,
  stft_complex: `m = model([h.make_node('STFT', ['sig', 'step'], ['y'], name='stft')], [vi('sig', shape=[1, 64, 2])], [vi('y')], [const('step', 8, np.int64)], opset=17)`,
  stft_real: `m = model([h.make_node('STFT', ['sig', 'step'], ['y'], name='stft')], [vi('sig', shape=[1, 64, 1])], [vi('y')], [const('step', 8, np.int64)], opset=17)`,
  topk_unsorted_in_function: `
fn = h.make_function('local', 'Top5', ['a', 'k'], ['v'], [h.make_node('TopK', ['a', 'k'], ['v', 'i'], sorted=0)], [h.make_opsetid('', 11)])
m = model([h.make_node('Top5', ['x', 'k'], ['y'], name='call', domain='local')], [vi('x', shape=[1, 16])], [vi('y', shape=[1, 5])], [const('k', [5], np.int64)], opset=11, domains=[('local', 1)], functions=[fn])`,
  topk_unsorted_in_if: ifAround(
    "h.make_node('TopK', ['x', 'k'], ['r', 'ri'], sorted=0)",
    "[const('k', [5], np.int64)]",
  ),
  // The Unsqueeze axes come from an initializer of the outer graph: a build-time constant.
  unsqueeze_outer_axes_in_if: ifAround(
    "h.make_node('Slice', ['x', 'zero', 'five', 'one_axis'], ['s5']), h.make_node('Squeeze', ['s5', 'ax'], ['sq']), h.make_node('Unsqueeze', ['sq', 'ax'], ['r'])",
    "[const('ax', [0], np.int64)]",
  ),
  loop_dynamic_in_if: ifAround(
    "h.make_node('Loop', ['n', '', 'acc0'], ['acc', 'scans'], body=body), h.make_node('Slice', ['x', 'zero', 'five', 'one_axis'], ['r'])",
    '[]',
    "[vi('c', TP.BOOL, []), vi('x', shape=[1, 16]), vi('n', TP.INT64, []), vi('acc0', shape=[1])]",
  ),
  loop_static_in_if: ifAround(
    "h.make_node('Loop', ['n', '', 'acc0'], ['acc', 'scans'], body=body), h.make_node('Slice', ['x', 'zero', 'five', 'one_axis'], ['r'])",
    "[const('n', 3, np.int64)]",
    "[vi('c', TP.BOOL, []), vi('x', shape=[1, 16]), vi('acc0', shape=[1])]",
  ),
  // Data types: what the importer source decides (tensorrt-importer-types.json), what the ONNX spec mandates.
  detect_masks: `m = onnx.shape_inference.infer_shapes(model([h.make_node('Greater', ['x', 'zero'], ['mask'], name='gt'), h.make_node('NonZero', ['mask'], ['idx'], name='nz'),
  h.make_node('Shape', ['x'], ['shp'], name='shape'), h.make_node('ConstantOfShape', ['shp'], ['fill'], name='fill', value=nh.from_array(np.array([1.0], np.float32)))],
  [vi('x', shape=['n', 4])], [vi('idx', TP.INT64, [2, None]), vi('fill', shape=['n', 4])], [const('zero', 0.0)]))`,
  cast_uint16: `m = onnx.shape_inference.infer_shapes(model([h.make_node('Cast', ['x'], ['u'], name='to_u16', to=TP.UINT16), h.make_node('Cast', ['u'], ['y'], name='back', to=TP.FLOAT)], [vi('x', shape=[4])], [vi('y', shape=[4])]))`,
  cast_uint8: `m = onnx.shape_inference.infer_shapes(model([h.make_node('Cast', ['x'], ['u'], name='to_u8', to=TP.UINT8), h.make_node('Cast', ['u'], ['y'], name='back', to=TP.FLOAT)], [vi('x', shape=[4])], [vi('y', shape=[4])]))`,
  gather_uint8: `m = model([h.make_node('Gather', ['x', 'i'], ['y'], name='gather')], [vi('x', TP.UINT8, [4, 2])], [vi('y', TP.UINT8, [2, 2])], [const('i', [0, 1], np.int64)])`,
  gather_float: `m = model([h.make_node('Gather', ['x', 'i'], ['y'], name='gather')], [vi('x', shape=[4, 2])], [vi('y', shape=[2, 2])], [const('i', [0, 1], np.int64)])`,
  equal_bool: `m = model([h.make_node('Equal', ['a', 'b'], ['y'], name='eq')], [vi('a', TP.BOOL, [4]), vi('b', TP.BOOL, [4])], [vi('y', TP.BOOL, [4])])`,
});

ruleCaseTests('trt', model, {
  'trt/opset-unsupported': {
    fires: { model: 'relu_opset7', message: /opset 7 is older than TensorRT 11\.1 supports \(opset 9 to 24\)/ },
    passes: { model: 'relu' },
  },
  'trt/op-unsupported': {
    fires: { model: 'unique', message: /Unique is not supported by TensorRT 11\.1/, node: 'uniq' },
    passes: { model: 'relu' },
  },
  'trt/custom-op-needs-plugin': {
    fires: {
      model: 'custom_op',
      message:
        /MyPlugin from custom domain "com\.example" needs a TensorRT plugin named "MyPlugin"; load it with trtexec --staticPlugins/,
      node: 'plugin',
    },
    passes: { model: 'relu' },
  },
  'trt/unsupported-dtype': {
    fires: { model: 'string_input', message: /graph input "x" is STRING, which TensorRT 11\.1 does not support/ },
    passes: { model: 'relu' },
  },
  // TensorRT 8.6 narrows INT64 to INT32; TensorRT 10 has INT64 tensors.
  'trt/int64-narrowing': {
    fires: {
      model: 'int64_input',
      config: { tensorrt: '8.6' },
      message: /graph input "x" is INT64; TensorRT 8\.6 runs it as INT32/,
    },
    passes: { model: 'int64_input', config: { tensorrt: '10.15' } },
  },
  'trt/op-restriction': {
    fires: { model: 'topk_unsorted', message: /TopK: sorted=0; must be 1/, node: 'topk' },
    passes: { model: 'topk_sorted' },
  },
  'trt/data-dependent-shape': {
    fires: { model: 'nonzero', message: /NonZero output shape depends on the number of non-zero elements/, node: 'nz' },
    passes: { model: 'relu' },
  },
  'trt/loop-dynamic-trip-count': {
    fires: {
      model: 'loop_dynamic',
      message:
        /Loop takes its trip count from "n", computed at run time; its 1 scan output\(s\) would have a dynamic length/,
      node: 'loop',
    },
    passes: { model: 'loop_static' },
  },
});

test('trt/op-restriction checks nodes inside If branches and reads outer-scope constants', () => {
  const found = findingsOf('trt/op-restriction', model('topk_unsorted_in_if'));
  assert.deepEqual(
    found.map((f) => f.node),
    ['branch/then/TopK#0'],
  );
  assert.match(found[0].message, /TopK: sorted=0; must be 1/);
  assert.deepEqual(findingsOf('trt/op-restriction', model('unsqueeze_outer_axes_in_if')), []);
});

test('trt/op-restriction checks model-local function bodies (TensorRT inlines them)', () => {
  const found = findingsOf('trt/op-restriction', model('topk_unsorted_in_function'));
  assert.deepEqual(
    found.map((f) => f.node),
    ['Top5/TopK#0'],
  );
  assert.match(found[0].message, /TopK: sorted=0; must be 1/);
});

test('trt/loop-dynamic-trip-count finds a Loop nested in an If branch', () => {
  const found = findingsOf('trt/loop-dynamic-trip-count', model('loop_dynamic_in_if'));
  assert.deepEqual(
    found.map((f) => f.node),
    ['branch/then/Loop#0'],
  );
  assert.match(found[0].message, /Loop takes its trip count from "n", computed at run time/);
  assert.deepEqual(findingsOf('trt/loop-dynamic-trip-count', model('loop_static_in_if')), []);
});

// [model, TensorRT target, what trt/op-restriction must say, or null when it must stay quiet]
const noteRestrictions: [string, string, RegExp | null][] = [
  ['dropout_training_input', '10.15', /Dropout: input training_mode \("t"\) is a graph input; it must be a constant/],
  ['dropout_training_true', '10.15', /Dropout: training_mode holds 1; must be 0/],
  ['dropout_training_false', '10.15', null],
  ['einsum_ellipsis', '8.6', /Einsum: equation "\.\.\.ij,\.\.\.jk->\.\.\.ik" uses an ellipsis/],
  ['einsum_diagonal', '8.6', /Einsum: equation "ii->i" takes a diagonal \(a label repeated in "ii"\)/],
  ['einsum_plain', '8.6', null],
  ['einsum_ellipsis', '10.15', null], // the 10.15 table lifts the restriction
  [
    'lstm_mixed',
    '10.15',
    /LSTM: bidirectional with activations \[Sigmoid,Tanh,Tanh\] forward and \[Sigmoid,Relu,Relu\] reverse/,
  ],
  ['lstm_same', '10.15', null],
  ['if_same_names', '10.15', /If: output 0 has the same name \("r"\) in both branches/],
  ['if_rank_mismatch', '10.15', /If: output 0 has rank 2 in then_branch and 1 in else_branch/],
  ['if_distinct', '10.15', null],
  ['hardmax_dynamic_axis', '10.15', /Hardmax: input dimension 1 \(axis\) is dynamic \(classes\)/],
  ['hardmax_static_axis', '10.15', null],
  ['deform_conv_3d', '10.15', /DeformConv: input has 3 spatial dimension\(s\); only 1D or 2D is supported/],
  ['deform_conv_asymmetric', '10.15', /DeformConv: pads=\[0,0,1,1\]; begin and end must be the same on each axis/],
  ['deform_conv_ok', '10.15', null],
  ['loop_carried_grows', '10.15', /Loop: loop-carried "acc_in" enters the body as \[1\] and leaves as \[2\]/],
  ['loop_static', '10.15', null],
  ['stft_complex', '10.15', /STFT: the signal's last dimension is 2 \(complex\)/],
  ['stft_real', '10.15', null],
];

for (const [name, tensorrt, expected] of noteRestrictions) {
  test(`trt/op-restriction on ${name} at TensorRT ${tensorrt}: ${expected ? 'fires' : 'quiet'}`, () => {
    const messages = findingsOf('trt/op-restriction', model(name), { tensorrt }).map((f) => f.message);
    if (expected)
      assert.ok(
        messages.some((m) => expected.test(m)),
        `expected ${expected}: got ${messages.join(' | ')}`,
      );
    else assert.deepEqual(messages, []);
  });
}

// [model, TensorRT target, severity and message of trt/unsupported-dtype, or null when it must stay quiet]
const dtypeCases: [string, string, ['error' | 'warning', RegExp, string] | null][] = [
  // NonZero on BOOL: the table lists FP32/FP16 only, the importer asserts BOOL is fine (onnxOpImporters.cpp:6408);
  // ConstantOfShape's INT64 shape input is mandated by the spec. Quiet on both releases.
  ['detect_masks', '8.6', null],
  ['detect_masks', '10.15', null],
  [
    'cast_uint16',
    '10.15',
    ['error', /Cast to UINT16: .*"Unsupported cast!" \(onnx-tensorrt \w+ importerUtils\.cpp:\d+\)/, 'to_u16'],
  ],
  ['cast_uint8', '10.15', null],
  [
    'gather_uint8',
    '10.15',
    ['error', /Gather gets "x" of type UINT8, which TensorRT's importer rejects .*onnxOpImporters\.cpp:1926/, 'gather'],
  ],
  ['gather_float', '10.15', null],
  ['equal_bool', '10.15', ['warning', /support matrix lists Equal only for .*it does not list BOOL/, 'eq']],
];

for (const [name, tensorrt, expected] of dtypeCases) {
  test(`trt/unsupported-dtype on ${name} at TensorRT ${tensorrt}: ${expected ? expected[0] : 'quiet'}`, () => {
    const found = findingsOf('trt/unsupported-dtype', model(name), { tensorrt });
    if (!expected)
      return assert.deepEqual(
        found.map((f) => f.message),
        [],
      );
    const [severity, message, node] = expected;
    assert.ok(
      found.some((f) => f.severity === severity && message.test(f.message) && f.node === node),
      JSON.stringify(found),
    );
  });
}
