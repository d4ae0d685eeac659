// The adapter table (server/fixes/opset-adapters.json, read from the onnx 1.23.1 wheel's converter headers) against
// what that converter did when asked step by step on the device (scripts/probe-opset-adapters.py ->
// test/fixtures/onnx-1.23/converter-probe-1.23.json): a step has an entry exactly when onnx converts it, and a type
// restriction refuses exactly the element types onnx refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import adapterData from '../../server/fixes/opset-adapters.json';
import type { AdapterEntry } from '../../server/fixes/adapter-kit';
import { onnxSchemas } from '../../server/knowledge/onnx-schemas';
import { repoRoot } from '../support/paths';

interface ProbeStep {
  op: string;
  from: number;
  to: number;
  outcome: 'none' | 'compatible' | 'types' | 'changed';
  unallowedTypes?: string[];
}

const probe: { onnxVersion: string; steps: ProbeStep[] } = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'test/fixtures/onnx-1.23/converter-probe-1.23.json'), 'utf8'),
);
const table = new Map((adapterData.adapters as AdapterEntry[]).map((a) => [`${a.op} ${a.from}->${a.to}`, a]));

test('the adapter table, the probe and the operator table come from the same onnx', () => {
  assert.equal(adapterData.onnxVersion, probe.onnxVersion);
  assert.equal(onnxSchemas().onnxVersion, probe.onnxVersion);
  assert.ok(probe.steps.length > 800, `${probe.steps.length} steps probed`);
});

test('an adapter is listed for exactly the steps onnx converts', () => {
  const wrong = probe.steps
    .filter((s) => (s.outcome === 'none') === table.has(`${s.op} ${s.from}->${s.to}`))
    .map(
      (s) => `${s.op} ${s.from}->${s.to}: onnx ${s.outcome}, table ${table.get(`${s.op} ${s.from}->${s.to}`)?.kind}`,
    );
  assert.deepEqual(wrong, []);
  // The steps of issue 13's disagreements are among them.
  for (const step of ['Cast 28->27', 'OneHot 28->27', 'QuantizeLinear 28->27'])
    assert.ok(table.has(step), `${step} listed`);
});

test('type restrictions refuse exactly the element types onnx refused', () => {
  const wrong: string[] = [];
  for (const s of probe.steps) {
    const entry = table.get(`${s.op} ${s.from}->${s.to}`);
    if (!entry) continue;
    // OptionalOpsAdapter 18 -> 17 refuses every plain-tensor input (flag allow_non_optional_input=false), whatever
    // its element type: the probe feeds plain tensors.
    if (entry.kind === 'OptionalOpsAdapter' && entry.flags?.[1] === false) continue;
    const ours = [...(entry.unallowedTypes ?? [])].sort().join(',');
    if (s.outcome === 'types' && ours !== [...s.unallowedTypes!].sort().join(','))
      wrong.push(`${s.op} ${s.from}->${s.to}: onnx refused ${s.unallowedTypes!.join(',')}, table ${ours}`);
    if (s.outcome === 'compatible' && ours !== '')
      wrong.push(`${s.op} ${s.from}->${s.to}: onnx refused none, table ${ours}`);
  }
  assert.deepEqual(wrong, []);
});
