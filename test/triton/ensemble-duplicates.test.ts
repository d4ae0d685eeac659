// An ensemble output (or input) listed twice: Triton core's ensemble validation (ensemble_utils.cc,
// ValidateEnsembleConfig) emplaces ensemble tensors by name, so the duplicate is kept once and the ensemble loads.
// We say so as a warning; a non-ensemble model listing an output twice keeps its error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkConfigText } from '../../server/triton/validate';
import { corpusDir } from '../support/paths';

const l0 = path.join(corpusDir, 'triton/L0_model_config/autofill_noplatform/ensemble/optimization_set/config.pbtxt');
const example = path.join(corpusDir, 'triton/examples/densenet_onnx/config.pbtxt');

const duplicateOutput = (text: string) => text.replace(/output \[\n(\s*\{[\s\S]*?\n\s*\})/, 'output [\n$1,\n$1');

test('an ensemble output listed twice is a warning (Triton keeps it once), not an error', () => {
  const text = fs.readFileSync(l0, 'utf8').replace(/optimization \{[\s\S]*?\}\n/, '');
  const doubled = duplicateOutput(text);
  assert.notEqual(doubled, text);
  const findings = checkConfigText(doubled, 'optimization_set/config.pbtxt').filter((f) => f.ruleId === 'triton/io');
  assert.deepEqual(
    findings.map((f) => [f.severity, f.message]),
    [
      [
        'warning',
        "ensemble output 'prob' is listed more than once for optimization_set; Triton keeps one (the later entry is redundant)",
      ],
    ],
  );
  assert.deepEqual(
    checkConfigText(text, 'optimization_set/config.pbtxt').filter((f) => f.ruleId === 'triton/io'),
    [],
  );
});

test('a model (not an ensemble) listing an output twice keeps the error', () => {
  const doubled = duplicateOutput(fs.readFileSync(example, 'utf8'));
  const findings = checkConfigText(doubled, 'densenet_onnx/config.pbtxt').filter((f) => f.ruleId === 'triton/io');
  assert.ok(
    findings.some((f) => f.severity === 'error' && /output 'fc6_1' is specified more than once/.test(f.message)),
  );
});
