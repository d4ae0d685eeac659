// quant/* rules on the QDQ models of test/fixtures/qdq (made by scripts/make-qdq-fixtures.py with onnx 1.23 and run
// in onnxruntime 1.30, see its manifest.json): each fires on one model and stays quiet on its close variant.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { ruleCaseTests } from '../../../test/support/rule-cases';

const fixtures = path.join(repoRoot, 'test/fixtures/qdq');
const modelFile = (name: string) => path.join(fixtures, `${name}.onnx`);

test('every QDQ fixture ran in onnxruntime when it was made', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(fixtures, 'manifest.json'), 'utf8'));
  for (const [name, entry] of Object.entries<{ runs: boolean }>(manifest.models)) {
    assert.equal(entry.runs, true, name);
    assert.ok(fs.existsSync(modelFile(name)), name);
  }
});

ruleCaseTests('quant', modelFile, {
  'quant/residual-add-one-sided': {
    fires: {
      model: 'residual-add-qdq-one',
      node: 'residual_Add',
      message: /input "x" has no Q\/DQ while the other input comes from DequantizeLinear/,
    },
    passes: { model: 'residual-add-qdq-both' },
  },
  'quant/weight-axis': {
    fires: { model: 'conv-weight-axis1', node: 'conv_w_DQ', message: /8 per-channel scales along axis 1/ },
    passes: { model: 'conv-weight-axis0' },
  },
  'quant/nonzero-zero-point': {
    fires: { model: 'int8-zero-point', node: 'conv_in_Q', message: /INT8 zero point 3/ },
    passes: { model: 'int8-symmetric' },
  },
  'quant/dangling-qdq': {
    fires: {
      model: 'q-dangling',
      node: 'act_Q',
      message: /output "act_q" is a graph output without a DequantizeLinear/,
    },
    passes: { model: 'qdq-paired' },
  },
});
