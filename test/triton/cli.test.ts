// `modelready check` on Triton model repositories, through the built bundle: same JSON/SARIF as the ONNX rules,
// `file` = the config path and `range` set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/paths';
import { makeRepo, batchModel, IO_CONFIG, L0 } from './helpers';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('check <repository> reports config findings with file and range, exit 1 on errors', () => {
  const repo = makeRepo({
    'good/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_INT32\n    dims: [ 16 ]'),
    'good/1/model.onnx': batchModel(),
    'bad/config.pbtxt': IO_CONFIG(4, 'data_type: TYPE_FP32\n    dims: [ 16 ]'),
    'bad/1/model.onnx': batchModel(),
  });
  const r = run('check', '--format', 'json', repo);
  assert.equal(r.status, 1, r.stderr);
  const { diagnostics } = JSON.parse(r.stdout) as {
    diagnostics: { ruleId: string; severity: string; file: string; range?: { start: { line: number } } }[];
  };
  const triton = diagnostics.filter((d) => d.ruleId.startsWith('triton/') && d.severity === 'error');
  assert.deepEqual(
    triton.map((d) => [d.ruleId, path.relative(repo, d.file), d.range?.start.line]),
    [['triton/model-io-dtype', 'bad/config.pbtxt', 6]],
  );
});

test('check on a tree holding an ensemble repository, SARIF output, and the auto-complete switch', () => {
  const caseDir = path.join(L0, 'autofill_noplatform/ensemble/circular_dependency');
  const sarif = JSON.parse(run('check', '--format', 'sarif', caseDir).stdout);
  const results = sarif.runs[0].results as { ruleId: string; message: { text: string } }[];
  assert.ok(
    results.some(
      (x) =>
        x.ruleId === 'triton/ensemble-cycle' &&
        /circular_dependency -> \.\.\. -> circular_dependency_2 -> circular_dependency/.test(x.message.text),
    ),
  );
  const auto = makeRepo({ 'm/1/model.onnx': batchModel() });
  assert.equal(run('check', auto).status, 0);
  const strict = run('check', '--format', 'json', '--disable-auto-complete-config', auto);
  assert.equal(strict.status, 1);
  assert.ok(
    JSON.parse(strict.stdout).diagnostics.some((d: { ruleId: string }) => d.ruleId === 'triton/missing-config'),
  );
});
