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
import { ParityTally } from './checker-parity-tally';

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
  const tally = new ParityTally();
  rows.forEach((row, i) => {
    const file = path.join(dir, `${i}.onnx`);
    fs.writeFileSync(file, Buffer.from(row.model, 'base64'));
    const findings = checkOnnxFile(file, config);
    tally.record(row.name, row.mutation, row.valid, row.error, findings);
  });

  tally.assertAgreement('checker parity (onnx 1.23)', fixture, 0.995);
});
