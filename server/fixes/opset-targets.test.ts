import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readOnnxModel } from '../onnx/reader';
import { corpusOnnxDir } from '../../test/support/paths';
import { maxKnownOpset, planOpsetConversion } from './opset-convert';
import { OLDEST_OFFERED_OPSET, opsetTargets } from './opset-targets';

test('opset targets of squeezenet (opset 9): every target listed, reachable exactly where the converter plans no refusal', () => {
  const model = readOnnxModel(path.join(corpusOnnxDir, 'squeezenet_op9.onnx'));
  const targets = opsetTargets(model);
  const expected = [];
  for (let opset = maxKnownOpset(); opset >= OLDEST_OFFERED_OPSET; opset--) if (opset !== 9) expected.push(opset);
  assert.deepEqual(
    targets.map((t) => t.opset),
    expected,
    'newest first, the model’s own opset left out',
  );
  // The one-walk answer agrees with a separate dry run toward each target.
  for (const t of targets) {
    const plan = planOpsetConversion(model, t.opset);
    assert.equal(t.reachable, plan.refusals.length === 0, `opset ${t.opset}`);
    if (t.reachable) assert.equal(t.changes, plan.changes.length, `opset ${t.opset}: node changes`);
  }
  // Down past 9 -> 8 the converter refuses Flatten: 8 and 7 are shown unreachable with that reason.
  const unreachable = targets.filter((t) => !t.reachable);
  assert.deepEqual(
    unreachable.map((t) => t.opset),
    [8, 7],
  );
  for (const t of unreachable)
    assert.match(t.reason, /^Flatten \S+ at step 9 -> 8: the ExtendSupportedTypes adapter \(Flatten 9 -> 8\)/);
});

test('opset targets: many refused nodes of one op are one reason ("and N more")', () => {
  const model = readOnnxModel(path.join(corpusOnnxDir, 'mobilenet_v3_small_op13.onnx'));
  const targets = opsetTargets(model);
  assert.ok(targets.filter((t) => t.opset > 13).every((t) => t.reachable));
  const twelve = targets.find((t) => t.opset === 12)!;
  assert.ok(!twelve.reachable);
  assert.match(twelve.reason, /^Identity \S+ and \d+ more at step 13 -> 12: Identity changed between opset 12 and 13/);
  assert.deepEqual(
    targets.filter((t) => !t.reachable).map((t) => t.opset),
    [12, 11, 10, 9, 8, 7],
  );
});
