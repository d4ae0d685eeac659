// shape/* rules: dynamic inputs need optimization profiles, and configured profiles must fit the model.
import { buildModels, ruleCaseTests } from '../../../test/support/rule-cases';

const model = buildModels('shape', {
  dynamic_batch: `m = model([h.make_node('Add', ['a', 'b'], ['y'], name='add')], [vi('a', shape=['batch', 4]), vi('b', shape=['batch', 4])], [vi('y', shape=['batch', 4])])`,
  static: 'm = relu_model()',
});

const range = (min: number, opt: number, max: number) => ({ min: [min, 4], opt: [opt, 4], max: [max, 4] });

ruleCaseTests('shape', model, {
  'shape/dynamic-input-needs-profile': {
    fires: { model: 'dynamic_batch', message: /input "a" has dynamic shape \[batch, 4\]: no optimization profile is configured for this model/ },
    passes: { model: 'dynamic_batch', config: { profiles: [{ a: range(1, 8, 32), b: range(1, 8, 32) }] } },
  },
  'shape/profile-invalid': {
    // "batch" is shared by a and b, so both must get the same range; b's also breaks min <= opt <= max.
    fires: { model: 'dynamic_batch', config: { profiles: [{ a: range(1, 8, 32), b: range(1, 64, 32) }] }, message: /dim "batch" is shared by inputs "a" and "b" but gets 1\/8\/32 and 1\/64\/32/ },
    passes: { model: 'dynamic_batch', config: { profiles: [{ a: range(1, 8, 32), b: range(1, 8, 32) }] } },
  },
});
