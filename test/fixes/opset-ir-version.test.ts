// Converting an opset also raises ir_version to the one the new opset came with (onnx's VERSION_TABLE), so our own
// output never earns onnx/ir-version-opset and onnx.checker accepts it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { corpusOnnxDir, debianPython, repoRoot, scratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
const irOf = (file: string) => JSON.parse(run('inspect', file, '--json').stdout).irVersion as number;
const ruleIds = (file: string) =>
  (JSON.parse(run('check', file, '--format', 'json').stdout).diagnostics as { ruleId: string }[]).map((d) => d.ruleId);

test('opset 9 (IR 4) to 17 gives IR 8, quiet for our rules and accepted by onnx.checker', () => {
  const dir = scratchDir('opset-ir-version');
  const source = path.join(dir, 'squeezenet.onnx');
  fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.full.onnx'), source);
  assert.equal(irOf(source), 4);
  for (const [to, ir] of [
    [17, 8],
    [21, 10],
  ]) {
    const out = path.join(dir, `squeezenet.opset${to}.onnx`);
    const converted = run('convert-opset', source, '--to', String(to), '--out', out);
    assert.equal(converted.status, 0, converted.stderr);
    assert.equal(irOf(out), ir, `opset ${to}`);
    const ids = ruleIds(out);
    assert.ok(!ids.includes('onnx/ir-version-opset') && !ids.includes('onnx/invalid-structure'), ids.join(', '));
  }
  // Debian's onnx 1.12 knows opset 17 / IR 8: its full checker must accept the converted model.
  const check = spawnSync(
    debianPython,
    [
      '-c',
      'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)',
      path.join(dir, 'squeezenet.opset17.onnx'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(check.status, 0, check.stderr);
});
