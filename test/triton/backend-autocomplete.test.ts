// Backends beyond the ones Triton ships run their own auto-complete (FasterTransformer fills fields from its
// `parameters`), which ModelReady cannot run: fields such a backend may fill are warnings, not errors. A backend
// Triton ships without auto-complete (its identity test backend) keeps the error; auto-complete off keeps it too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkConfigText } from '../../server/triton/validate';

const config = (backend: string) => `name: "fastertransformer"
backend: "${backend}"
max_batch_size: 1024
input [ { name: "input_ids" dims: [ -1 ] } ]
output [ { name: "output_ids" data_type: TYPE_UINT32 } ]
instance_group [ { count: 1 kind: KIND_CPU } ]
parameters { key: "data_type" value: { string_value: "fp16" } }
`;

const ioFindings = (text: string, autoCompleteConfig = true) =>
  checkConfigText(text, 'fastertransformer/config.pbtxt', { autoCompleteConfig })
    .filter((f) => f.ruleId === 'triton/io' || f.ruleId === 'triton/dims')
    .map((f) => [f.severity, f.message.split(';')[0]]);

test('a third-party backend: fields it may fill in its own auto-complete are warnings', () => {
  const found = checkConfigText(config('fastertransformer'), 'fastertransformer/config.pbtxt').filter(
    (f) => f.ruleId === 'triton/io' || f.ruleId === 'triton/dims',
  );
  assert.deepEqual(
    found.map((f) => [f.severity, f.message.split(';')[0]]),
    [
      ['warning', "model input 'input_ids' must specify 'data_type' for fastertransformer"],
      ['warning', "model output 'output_ids' must specify 'dims' for fastertransformer"],
    ],
  );
  assert.ok(found.every((f) => /backend 'fastertransformer' may fill it during auto-complete/.test(f.message)));
});

test('a backend Triton ships without auto-complete, or auto-complete off: still errors', () => {
  assert.deepEqual(
    ioFindings(config('identity')).map(([s]) => s),
    ['error', 'error'],
  );
  assert.deepEqual(
    ioFindings(config('fastertransformer'), false).map(([s]) => s),
    ['error', 'error'],
  );
});
