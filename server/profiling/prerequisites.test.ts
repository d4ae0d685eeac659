import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProfileHostsResult } from '../contract/profiling';
import { findOnPath, onnxRuntimeInstalled, ortPrerequisites, profilingPrerequisites } from './prerequisites';

const doubleDir = path.join(import.meta.dirname, '../../test/fixtures/trtexec-double');
const none: ProfileHostsResult = { configured: [], sshConfigSuggestions: [], problems: [] };
const gpu = { name: 'gpu', host: 'gpu1', user: 'me' };

test('trtexec is found on PATH only where an executable file of that name is', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-path-'));
  fs.writeFileSync(path.join(empty, 'trtexec'), 'not executable', { mode: 0o644 });
  fs.mkdirSync(path.join(empty, 'sub', 'trtexec'), { recursive: true });
  const dirs = [empty, path.join(empty, 'sub'), doubleDir].join(path.delimiter);
  assert.equal(findOnPath('trtexec', dirs), path.join(doubleDir, 'trtexec'));
  assert.equal(findOnPath('trtexec', [empty, path.join(empty, 'sub')].join(path.delimiter)), undefined);
  assert.equal(findOnPath('trtexec', ''), undefined);
});

test('profiling is ready with a configured host or an ~/.ssh/config suggestion, else it offers to add one', () => {
  assert.deepEqual(profilingPrerequisites({ ...none, configured: [gpu] }, undefined), { ready: true });
  assert.deepEqual(profilingPrerequisites({ ...none, sshConfigSuggestions: [gpu] }, undefined), { ready: true });
  const missing = profilingPrerequisites({ ...none, problems: ['settings: hosts[0] "leaky": no password'] }, undefined);
  assert.ok(!missing.ready);
  assert.match(missing.message, /^No GPU host to profile on \(left out: settings: hosts\[0\] "leaky": no password\)/);
  assert.deepEqual(
    missing.actions.map((a) => a.kind),
    ['add-host'],
  );
  assert.equal(missing.actions[0].title, 'Add GPU host…');
  // trtexec on this machine: one more button, and the message names where it is.
  const local = profilingPrerequisites(none, '/opt/tensorrt/bin/trtexec');
  assert.ok(!local.ready);
  assert.match(local.message, /use trtexec on this machine \(\/opt\/tensorrt\/bin\/trtexec\)/);
  assert.deepEqual(local.actions, [
    { kind: 'add-host', title: 'Add GPU host…' },
    { kind: 'use-local-trtexec', title: 'Use local trtexec', trtexecPath: '/opt/tensorrt/bin/trtexec' },
  ]);
});

test('ONNX Runtime: installed or not is what resolves from the package folder; missing offers install and copy', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-home-'));
  fs.writeFileSync(path.join(home, 'package.json'), '{"name":"modelready"}');
  assert.equal(onnxRuntimeInstalled(home), false);
  const missing = ortPrerequisites(false, home);
  assert.ok(!missing.ready);
  assert.match(missing.message, /ONNX Runtime \(npm onnxruntime-node@[\d.]+\) is not installed/);
  assert.deepEqual(
    missing.actions.map((a) => [a.kind, a.title]),
    [
      ['install-ort', 'Install ONNX Runtime'],
      ['copy-command', 'Copy command'],
    ],
  );
  const [install, copy] = missing.actions;
  assert.ok(install.kind === 'install-ort' && copy.kind === 'copy-command');
  assert.equal(install.command, copy.text);
  assert.ok(install.command.startsWith(`npm install --prefix ${JSON.stringify(home)} `), install.command);
  // Once the package is there (a real module folder), it resolves and the command is ready.
  const pkg = path.join(home, 'node_modules', 'onnxruntime-node');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"onnxruntime-node","main":"index.js"}');
  fs.writeFileSync(path.join(pkg, 'index.js'), 'module.exports = {};');
  assert.equal(onnxRuntimeInstalled(home), true);
  assert.deepEqual(ortPrerequisites(true, home), { ready: true });
});
