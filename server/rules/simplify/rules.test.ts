// simplify/* rules: each fires on a model with something to remove and stays quiet on its clean form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModels, findingsOf, ruleCaseTests } from '../../../test/support/rule-cases';

const io = "[vi('x', shape=[1, 16])], [vi('y', shape=[1, 16])]";

const model = buildModels('simplify', {
  clean: `m = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], ${io}, [const('w', np.arange(16))])`,
  identity: `m = model([h.make_node('Identity', ['x'], ['x1'], name='rename'), h.make_node('Relu', ['x1'], ['y'], name='relu')], ${io})`,
  identity_input_to_output: `m = model([h.make_node('Identity', ['x'], ['y'], name='rename')], ${io})`,
  dropout: `m = model([h.make_node('Dropout', ['x'], ['y'], name='drop')], ${io})`,
  dropout_training_input: `m = model([h.make_node('Dropout', ['x', '', 'training'], ['y'], name='drop')], [vi('x', shape=[1, 16]), vi('training', TP.BOOL, [])], [vi('y', shape=[1, 16])])`,
  unused_initializer: `m = model([h.make_node('Add', ['x', 'w'], ['y'], name='add')], ${io}, [const('w', np.arange(16)), const('stale', np.ones(256))])`,
  dead_node: `m = model([h.make_node('Add', ['x', 'w'], ['y'], name='add'), h.make_node('Mul', ['x', 'w'], ['unused'], name='forgotten')], ${io}, [const('w', np.arange(16))])`,
  foldable: `m = model([h.make_node('Mul', ['w', 'two'], ['w2'], name='scale_weights'), h.make_node('Add', ['x', 'w2'], ['y'], name='add')], ${io}, [const('w', np.arange(16)), const('two', 2)])`,
  shape_static: `m = model([h.make_node('Shape', ['x'], ['s'], name='shape'), h.make_node('Reshape', ['x', 's'], ['y'], name='reshape')], ${io})`,
  shape_dynamic: `m = model([h.make_node('Shape', ['x'], ['s'], name='shape'), h.make_node('Reshape', ['x', 's'], ['y'], name='reshape')], [vi('x', shape=['n', 16])], [vi('y', shape=['n', 16])])`,
  // Unnamed Identity in an If branch (removable) next to one that only passes the outer x out (kept).
  identity_in_if: `
then_g = h.make_graph([h.make_node('Identity', ['x'], ['t']), h.make_node('Relu', ['t'], ['r'])], 'then', [], [vi('r', shape=[1, 16])])
else_g = h.make_graph([h.make_node('Identity', ['x'], ['e'])], 'else', [], [vi('e', shape=[1, 16])])
m = model([h.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g)], [vi('c', TP.BOOL, []), vi('x', shape=[1, 16])], [vi('y', shape=[1, 16])])`,
  // Loop body: Identity from the condition input to its output, and from one body output to another; neither can go.
  identity_loop_body_outputs: `
body = h.make_graph([h.make_node('Add', ['acc_in', 'acc_in'], ['acc_out']), h.make_node('Identity', ['cond_in'], ['cond_out']), h.make_node('Identity', ['acc_out'], ['acc_scan'])],
    'body', [vi('i', TP.INT64, []), vi('cond_in', TP.BOOL, []), vi('acc_in', shape=[1])], [vi('cond_out', TP.BOOL, []), vi('acc_out', shape=[1]), vi('acc_scan', shape=[1])])
m = model([h.make_node('Loop', ['n', '', 'x0'], ['acc', 'scans'], name='loop', body=body)], [vi('x0', shape=[1])], [vi('acc', shape=[1]), vi('scans', shape=[3, 1])], [const('n', 3, np.int64)])`,
  // A model-local function whose body keeps an inference-time Dropout.
  dropout_in_function: `
fn = h.make_function('local', 'DropRelu', ['a'], ['b'], [h.make_node('Dropout', ['a'], ['d']), h.make_node('Relu', ['d'], ['b'])], [h.make_opsetid('', 13)])
m = model([h.make_node('DropRelu', ['x'], ['y'], name='call', domain='local')], ${io}, domains=[('local', 1)], functions=[fn])`,
  duplicate: `m = model([h.make_node('Add', ['x', 'w'], ['a'], name='add'), h.make_node('Mul', ['a', 'w_copy'], ['y'], name='mul')], ${io}, [const('w', np.arange(16)), const('w_copy', np.arange(16))])`,
  // Equal in their first 4 KB (the sample compared first), different in the last value.
  distinct: `
w = np.zeros((16, 128), np.float32)
v = w.copy()
v[-1, -1] = 1
m = model([h.make_node('Add', ['x', 'w'], ['a'], name='add'), h.make_node('Mul', ['a', 'v'], ['y'], name='mul')], [vi('x', shape=[16, 128])], [vi('y', shape=[16, 128])], [nh.from_array(w, 'w'), nh.from_array(v, 'v')])`,
});

ruleCaseTests('simplify', model, {
  'simplify/identity': {
    fires: { model: 'identity', message: /1 Identity node\(s\) can be removed/, node: 'rename' },
    passes: { model: 'identity_input_to_output' },
  },
  'simplify/dropout-inference': {
    fires: { model: 'dropout', message: /1 Dropout node\(s\) do nothing at inference/, node: 'drop' },
    passes: { model: 'dropout_training_input' },
  },
  'simplify/unused-initializer': {
    fires: { model: 'unused_initializer', message: /1 initializer\(s\) are never used \(1\.0 KiB would go\): stale/ },
    passes: { model: 'clean' },
  },
  'simplify/dead-node': {
    fires: { model: 'dead_node', message: /1 node\(s\) do not contribute to any graph output/, node: 'forgotten' },
    passes: { model: 'clean' },
  },
  'simplify/constant-foldable': {
    fires: { model: 'foldable', message: /1 node\(s\) compute only from constants/, node: 'scale_weights' },
    passes: { model: 'clean' },
  },
  'simplify/static-shape-arithmetic': {
    fires: { model: 'shape_static', message: /1 shape-computation node\(s\) work on static dimensions/, node: 'shape' },
    passes: { model: 'shape_dynamic' },
  },
  'simplify/duplicate-initializer': {
    fires: {
      model: 'duplicate',
      message: /1 initializer\(s\) duplicate another one's data \(64 B would go\): w = w_copy/,
    },
    passes: { model: 'distinct' },
  },
});

test('simplify/identity counts Identity nodes inside If branches, named by their subgraph path', () => {
  const [finding, ...others] = findingsOf('simplify/identity', model('identity_in_if'));
  assert.equal(others.length, 0);
  assert.match(
    finding.message,
    /^1 Identity node\(s\) can be removed \(1 node\(s\) would go; 1 of them inside subgraphs or functions\)/,
  );
  assert.equal(finding.node, 'branch/then/Identity#0');
  assert.deepEqual(findingsOf('simplify/identity', model('identity_loop_body_outputs')), []);
});

test('simplify/dropout-inference finds Dropout in a model-local function body', () => {
  const found = findingsOf('simplify/dropout-inference', model('dropout_in_function'));
  assert.deepEqual(
    found.map((f) => f.node),
    ['DropRelu/Dropout#0'],
  );
});
