// Checker parity with onnx 1.23 (newer than Debian's 1.12): models 1.12 cannot judge (IR 9+, opsets 18 to 28) —
// onnx's own backend node test cases as onnx 1.23 builds them, small PyTorch exports — and one-fault mutants of
// each, with the verdicts onnx 1.23's checker gave on the device machine (scripts/gen-fidelity-goldens.py ->
// test/fixtures/onnx-1.23/checker-1.23.jsonl.gz). Our verdict (the rules that mirror onnx.checker) must agree on
// >= 99.5% of the files; every disagreement is listed with its reason in checker-parity-1.23-disagreements.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { defaultConfig } from '../../server/config/config';
import { allRules, checkOnnxFile } from '../../server/rules/index';
import { repoRoot, scratchDir } from '../support/paths';

const VERDICT_RULES = [
  'onnx/unreadable-model',
  'onnx/invalid-structure',
  'onnx/external-data-missing',
  'onnx/external-data-escapes-folder',
  // onnx 1.23's check_tensor compares raw_data's size with the shape and type (1.12 did not).
  'onnx/tensor-data-size',
];

interface Golden {
  name: string;
  mutation: string | null;
  valid: boolean;
  error: string | null;
  ir: number;
  opset: number | null;
  model: string;
}
interface Disagreement {
  model: string;
  mutation: string | null;
  onnx: 'valid' | 'invalid';
  ours: 'valid' | 'invalid';
  reason: string;
}

const goldens = path.join(repoRoot, 'test/fixtures/onnx-1.23/checker-1.23.jsonl.gz');
const fixture = path.join(repoRoot, 'test/rules/checker-parity-1.23-disagreements.json');

test('our verdicts agree with onnx 1.23 checker on IR 9+/opset 18+ models and their mutants (>= 99.5%)', () => {
  const rows: Golden[] = zlib
    .gunzipSync(fs.readFileSync(goldens))
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(rows.filter((r) => r.ir >= 9 && (r.opset ?? 0) >= 18).length > 500, 'enough IR 9+ / opset 18+ models');
  const dir = scratchDir('checker-parity-1.23');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = defaultConfig(dir);
  for (const rule of allRules) if (!VERDICT_RULES.includes(rule.id)) config.rules[rule.id] = 'off';
  const listed: Disagreement[] = JSON.parse(fs.readFileSync(fixture, 'utf8')).disagreements;
  const key = (model: string, mutation: string | null) => `${model}#${mutation ?? 'original'}`;
  const listedKeys = new Set(listed.map((d) => key(d.model, d.mutation)));

  const disagreements: (Disagreement & { onnxError: string | null; ourFinding?: string })[] = [];
  const perMutation = new Map<string, [number, number]>();
  rows.forEach((row, i) => {
    const file = path.join(dir, `${i}.onnx`);
    fs.writeFileSync(file, Buffer.from(row.model, 'base64'));
    const findings = checkOnnxFile(file, config);
    const oursValid = findings.length === 0;
    const mutation = row.mutation ?? 'original';
    const [agree, total] = perMutation.get(mutation) ?? [0, 0];
    perMutation.set(mutation, [agree + (oursValid === row.valid ? 1 : 0), total + 1]);
    if (oursValid !== row.valid)
      disagreements.push({
        model: row.name,
        mutation: row.mutation,
        onnx: row.valid ? 'valid' : 'invalid',
        ours: oursValid ? 'valid' : 'invalid',
        reason: '',
        onnxError: row.error,
        ourFinding: findings[0]?.message,
      });
  });

  const agreement = 1 - disagreements.length / rows.length;
  const table = [...perMutation].map(([m, [a, t]]) => `#   ${m.padEnd(28)} ${a}/${t}`).join('\n');
  process.stdout.write(
    `# checker parity (onnx 1.23): ${rows.length - disagreements.length}/${rows.length} files agree (${(agreement * 100).toFixed(2)}%)\n${table}\n`,
  );
  const unlisted = disagreements.filter((d) => !listedKeys.has(key(d.model, d.mutation)));
  assert.deepEqual(unlisted, [], 'disagreements not listed (with a reason) in checker-parity-1.23-disagreements.json');
  const stale = listed.filter((d) => !disagreements.some((x) => key(x.model, x.mutation) === key(d.model, d.mutation)));
  assert.deepEqual(stale, [], 'listed disagreements that no longer happen: remove them from the fixture');
  for (const d of listed) assert.ok(d.reason.length > 10, `${key(d.model, d.mutation)} needs a reason`);
  assert.ok(agreement >= 0.995, `agreement ${(agreement * 100).toFixed(2)}% is below 99.5%`);
});
