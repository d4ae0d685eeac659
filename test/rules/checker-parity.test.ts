// Checker parity: on every libonnx-testdata model and on mutated copies that each break one thing
// (test/rules/checker_verdicts.py), our valid/invalid verdict (findings of the rules that mirror
// onnx.checker.check_model) agrees with Debian's onnx 1.12 checker in at least 99% of the files.
// Every disagreement must be listed with its reason in checker-parity-disagreements.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../server/config/config';
import { allRules, checkOnnxFile } from '../../server/rules/index';
import { debianPython, onnxTestdataDir, onnxTestdataModels, repoRoot, scratchDir } from '../support/paths';
import { ParityTally } from './checker-parity-tally';

/** The rules whose findings make a model invalid the way onnx.checker sees it. */
const VERDICT_RULES = [
  'onnx/unreadable-model',
  'onnx/invalid-structure',
  'onnx/external-data-missing',
  'onnx/external-data-escapes-folder',
];
/** onnx 1.12's checker does not compare tensor sizes; this rule does, and must catch every short raw_data mutant. */
const SIZE_RULE = 'onnx/tensor-data-size';

interface CheckerVerdict {
  file: string;
  base: string;
  mutation: string | null;
  valid: boolean;
  error: string | null;
}

const fixture = path.join(repoRoot, 'test/rules/checker-parity-disagreements.json');

test('our verdicts agree with onnx.checker on libonnx-testdata models and their mutants (>= 99%)', () => {
  const dir = scratchDir('checker-parity');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bases = onnxTestdataModels();
  assert.ok(bases.length > 500, `libonnx-testdata models found: ${bases.length}`);
  const out = execFileSync(debianPython, [path.join(repoRoot, 'test/rules/checker_verdicts.py'), dir], {
    input: JSON.stringify(bases),
    maxBuffer: 256 << 20,
  });
  const verdicts: CheckerVerdict[] = out
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

  const config = defaultConfig(dir);
  for (const rule of allRules) if (![...VERDICT_RULES, SIZE_RULE].includes(rule.id)) config.rules[rule.id] = 'off';
  const tally = new ParityTally();
  const sizeMisses: string[] = [];
  for (const v of verdicts) {
    const all = checkOnnxFile(v.file, config);
    const findings = all.filter((f) => f.ruleId !== SIZE_RULE);
    const sizeFinding = all.some((f) => f.ruleId === SIZE_RULE);
    if (sizeFinding !== (v.mutation === 'wrong_raw_data_size'))
      sizeMisses.push(`${v.base} ${v.mutation ?? 'original'}: ${SIZE_RULE} ${sizeFinding ? 'fired' : 'did not fire'}`);
    tally.record(path.relative(onnxTestdataDir, v.base), v.mutation, v.valid, v.error, findings);
  }

  assert.deepEqual(sizeMisses, [], `${SIZE_RULE} fires exactly on the short raw_data mutants`);
  tally.assertAgreement(
    `checker parity, ${bases.length} libonnx-testdata models + ${verdicts.length - bases.length} mutants`,
    fixture,
    0.99,
  );
});
