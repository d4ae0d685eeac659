// shape/* rules: dynamic inputs need optimization profiles, and configured profiles must fit the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModels, findingsOf, ruleCaseTests } from '../../../test/support/rule-cases';
import { POSITION_TABLE } from '../../../test/shape-profiles/corner-models';

const modelFile = buildModels('shape', {
  dynamic_batch: `m = model([h.make_node('Add', ['a', 'b'], ['y'], name='add')], [vi('a', shape=['batch', 4]), vi('b', shape=['batch', 4])], [vi('y', shape=['batch', 4])])`,
  static: 'm = relu_model()',
  // value_info says [4, 4] where Relu of a [1, 4] input gives [1, 4]; the close variant stores the right shape.
  stale_value_info: `m = relu_model(); m.graph.value_info.append(vi('y_mid', shape=[4, 4])); m.graph.node[0].output[0] = 'y_mid'; m.graph.node.append(h.make_node('Identity', ['y_mid'], ['y'], name='id'))`,
  right_value_info: `m = relu_model(); m.graph.value_info.append(vi('y_mid', shape=[1, 4])); m.graph.node[0].output[0] = 'y_mid'; m.graph.node.append(h.make_node('Identity', ['y_mid'], ['y'], name='id'))`,
  // Reshape of 6 elements into [4, 2]; the variant reshapes into [3, 2].
  bad_reshape: `m = model([h.make_node('Reshape', ['x', 's'], ['y'], name='reshape')], [vi('x', shape=[2, 3])], [vi('y')], [const('s', [4, 2], np.int64)])`,
  good_reshape: `m = model([h.make_node('Reshape', ['x', 's'], ['y'], name='reshape')], [vi('x', shape=[2, 3])], [vi('y')], [const('s', [3, 2], np.int64)])`,
  position_table: POSITION_TABLE,
});

const range = (min: number, opt: number, max: number) => ({ min: [min, 4], opt: [opt, 4], max: [max, 4] });

ruleCaseTests('shape', modelFile, {
  'shape/dynamic-input-needs-profile': {
    fires: {
      model: 'dynamic_batch',
      message: /input "a" has dynamic shape \[batch, 4\]: no optimization profile is configured for this model/,
    },
    passes: { model: 'dynamic_batch', config: { profiles: [{ a: range(1, 8, 32), b: range(1, 8, 32) }] } },
  },
  'shape/stored-shape-conflict': {
    fires: { model: 'stale_value_info', message: /"y_mid": dimension 0 stored \[4, 4\], inferred \[1, 4\]/ },
    passes: { model: 'right_value_info' },
  },
  'shape/inference-error': {
    fires: { model: 'bad_reshape', message: /cannot reshape 6 elements \[2, 3\] into \[4, 2\] \(8 elements\)/ },
    passes: { model: 'good_reshape' },
  },
  'shape/profile-corner-invalid': {
    fires: {
      model: 'position_table',
      config: { profiles: [{ x: { min: [1, 1, 64], opt: [4, 128, 64], max: [8, 1024, 64] } }] },
      message:
        /profile at max \(x \[8, 1024, 64\]\): Reshape "reshape_pe": cannot reshape 32768 elements \[512, 64\] into \[1024, 64\]/,
      node: 'reshape_pe',
    },
    passes: {
      model: 'position_table',
      config: { profiles: [{ x: { min: [1, 1, 64], opt: [4, 128, 64], max: [8, 512, 64] } }] },
    },
  },
  'shape/profile-invalid': {
    // "batch" is shared by a and b, so both must get the same range; b's also breaks min <= opt <= max.
    fires: {
      model: 'dynamic_batch',
      config: { profiles: [{ a: range(1, 8, 32), b: range(1, 64, 32) }] },
      message: /dim "batch" is shared by inputs "a" and "b" but gets 1\/8\/32 and 1\/64\/32/,
    },
    passes: { model: 'dynamic_batch', config: { profiles: [{ a: range(1, 8, 32), b: range(1, 8, 32) }] } },
  },
});

test('shape/profile-invalid names each kind of problem', () => {
  const messages = (model: string, profile: Record<string, { min: number[]; opt: number[]; max: number[] }>) =>
    findingsOf('shape/profile-invalid', modelFile(model), { profiles: [profile] }).map((f) => f.message);
  assert.deepEqual(messages('dynamic_batch', { a: range(1, 8, 32), b: range(1, 8, 32), c: range(1, 1, 1) }), [
    'profile: "c" is not an input of this model (inputs: a, b)',
  ]);
  assert.deepEqual(messages('dynamic_batch', { a: { min: [1], opt: [8], max: [32] }, b: range(1, 8, 32) }), [
    'profile: input "a" min [1] has rank 1, the input has rank 2 [batch, 4]',
    'profile: input "a" opt [8] has rank 1, the input has rank 2 [batch, 4]',
    'profile: input "a" max [32] has rank 1, the input has rank 2 [batch, 4]',
  ]);
  assert.deepEqual(messages('dynamic_batch', { a: { min: [1, 2], opt: [8, 4], max: [32, 4] }, b: range(1, 8, 32) }), [
    'profile: input "a" dim 1 is static (4) in the model but the profile gives 2/4/4',
  ]);
  assert.deepEqual(messages('dynamic_batch', { a: range(8, 4, 32), b: range(8, 4, 32) }), [
    'profile: input "a": dim 0: min <= opt <= max does not hold (8/4/32)',
    'profile: input "b": dim 0: min <= opt <= max does not hold (8/4/32)',
  ]);
});
