// Acceptance: our verdicts against Triton's own qa/L0_model_config cases and docs/examples configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listCases, runCase, runExamples, table, L0, skipReasonFor } from './l0-harness';
import { Repository } from '../../server/triton';
import { loadModelFolder } from '../../server/triton/validate/repository';
import { parseModelConfig } from '../../server/triton';
import { msgs, str, nums, num, has } from '../../server/triton/validate/config';

test('L0_model_config: recall >= 90% where no backend is needed, zero false alarms on accepted configs', () => {
  const results = [...listCases().flatMap(runCase), ...runExamples()];
  console.log(`\n${table(results)}\n`);
  const checkable = results.filter((r) => r.tritonErrs && !r.skipReason);
  const detected = checkable.filter((r) => r.detected);
  const same = checkable.filter((r) => r.sameFact);
  const accepted = results.filter((r) => !r.tritonErrs && !r.skipReason);
  const falseAlarms = accepted.filter((r) => r.detected);
  console.log(
    `recall ${detected.length}/${checkable.length}, same fact ${same.length}/${checkable.length}, false alarms ${falseAlarms.length}/${accepted.length}, listed as needing a backend/model ${results.filter((r) => r.skipReason).length}`,
  );
  assert.ok(checkable.length >= 100, `expected the corpus cases, found ${checkable.length}`);
  assert.ok(
    detected.length / checkable.length >= 0.9,
    `recall ${detected.length}/${checkable.length}: missed ${checkable
      .filter((r) => !r.detected)
      .map((r) => r.id)
      .join(', ')}`,
  );
  assert.deepEqual(
    falseAlarms.map((r) => `${r.id}: ${r.errors.map((e) => e.message).join('; ')}`),
    [],
  );
  // Every group of the corpus is represented.
  for (const group of [
    'noautofill_platform',
    'autofill_noplatform/ensemble',
    'autofill_noplatform/onnx',
    'special_cases',
    'model_metrics',
    'custom_parameters',
    'autofill_noplatform_success/onnx',
    'docs/examples',
  ]) {
    assert.ok(
      results.some((r) => r.group.startsWith(group)),
      `group ${group} missing`,
    );
  }
});

test('every fixture entry names cases that exist', () => {
  const cases = listCases();
  const fixture = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'l0-cases-needing-backend.json'), 'utf8'));
  for (const key of Object.keys(fixture).filter((k) => k !== '$comment')) {
    assert.ok(
      cases.some((c) => c === key || c.startsWith(key)),
      `fixture key ${key} matches no case`,
    );
  }
  assert.equal(skipReasonFor('noautofill_platform/reshape_zerodims0'), undefined);
});

test('auto-complete fills what Triton filled in the autofill_noplatform_success/onnx cases', () => {
  for (const c of ['empty_config', 'no_config', 'no_config_no_batch']) {
    const dir = path.join(L0, 'autofill_noplatform_success/onnx', c);
    const repository = new Repository([loadModelFolder(dir)]);
    const model = repository.models.get(c)!;
    const effective = repository.state(model).effective!;
    assert.ok(effective, `${c}: auto-complete result`);
    const expected = parseModelConfig(fs.readFileSync(path.join(dir, 'expected'), 'utf8')).config;
    assert.equal(effective.maxBatchSize, num(expected, 'max_batch_size'), `${c}: max_batch_size`);
    const spec = (f: 'input' | 'output') =>
      msgs(expected, f)
        .map((t) => ({ name: str(t, 'name'), dataType: str(t, 'data_type'), dims: nums(t, 'dims') }))
        .sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      [...effective.inputs].sort((a, b) => a.name.localeCompare(b.name)),
      spec('input'),
      `${c}: inputs`,
    );
    assert.deepEqual(
      [...effective.outputs].sort((a, b) => a.name.localeCompare(b.name)),
      spec('output'),
      `${c}: outputs`,
    );
    assert.equal(effective.dynamicBatching, has(expected, 'dynamic_batching'), `${c}: dynamic_batching`);
  }
});
