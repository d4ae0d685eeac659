// The committed TensorRT matrix's machine checks are exactly what the generator derives from its notes,
// so a change to the generator's sentence rules cannot go out without regenerating the JSON.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../test/support/paths';

test('tensorrt-support.json checks equal those scripts/gen-trt-matrix.mjs derives from the stored notes', async () => {
  const file = path.join(repoRoot, 'server/knowledge/tensorrt-support.json');
  const committed = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { refreshChecks } = (await import(path.join(repoRoot, 'scripts/gen-trt-matrix.mjs'))) as {
    refreshChecks: (m: unknown) => unknown;
  };
  assert.deepEqual(refreshChecks(JSON.parse(fs.readFileSync(file, 'utf8'))), committed);
  // And the notes the new checks come from are there (Dropout's note names the input is_training).
  assert.deepEqual(committed.releases['10.15'].operators.Dropout.checks, [
    { kind: 'input-initializer', input: 'training_mode' },
    { kind: 'input-constant-equals', input: 'training_mode', value: 0 },
  ]);
});
