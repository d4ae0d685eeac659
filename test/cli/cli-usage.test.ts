// What a terminal user meets first: --version, --help per command, usage errors (exit 2) with a clear message and no
// stack trace, and a pipe closed early (`| head`) ending quietly. Run through the built bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { corpusOnnxDir, repoRoot } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const model = path.join(corpusOnnxDir, 'squeezenet_op9.onnx');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--version prints the package version', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const { code, stdout } = run('--version');
  assert.equal(code, 0);
  assert.equal(stdout.trim(), `modelready ${version}`);
});

test('every command answers --help with its own usage line, exit 0', () => {
  const commands = run('--help')
    .stdout.split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim().split(/\s/)[0]);
  assert.ok(commands.length >= 8, `commands listed: ${commands.join(', ')}`);
  for (const name of commands) {
    const { code, stdout, stderr } = run(name, '--help');
    assert.equal(code, 0, `${name} --help: ${stderr}`);
    assert.match(stdout, new RegExp(`^usage: modelready ${name}\\b`), name);
  }
});

test('a folder where one model file is expected is a usage error naming the folder, without a stack trace', () => {
  for (const name of ['inspect', 'graph', 'simplify', 'convert-opset', 'profiles']) {
    const extra = name === 'graph' ? ['--out', 'x.svg'] : name === 'convert-opset' ? ['--to', '17'] : [];
    const { code, stderr } = run(name, 'examples', ...extra);
    assert.equal(code, 2, `${name}: ${stderr}`);
    assert.match(stderr, /examples is a folder/, name);
    assert.doesNotMatch(stderr, /internal error|\n\s+at /, name);
  }
});

test('convert-opset --to must be an opset the converter knows', () => {
  for (const to of ['abc', '99', '0', '17.5']) {
    const { code, stderr } = run('convert-opset', model, '--to', to, '--plan');
    assert.equal(code, 2, `--to ${to}: ${stderr}`);
    assert.match(stderr, /--to expects an opset from 1 to \d+/);
  }
  assert.equal(run('convert-opset', model, '--to', '13', '--plan').code, 0);
});

test('output piped into a reader that stops early ends quietly', () => {
  const result = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" rules --markdown | head -1`], {
    encoding: 'utf8',
    cwd: repoRoot,
  });
  assert.equal(result.status, 0);
  assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
  assert.equal(result.stderr, '');
});
