// `modelready profile-matrix` refuses bad command lines with exit 2 and a message naming what is wrong (the file, the
// host or profile that does not exist), before connecting anywhere; --help prints its options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, scratchDir } from '../support/paths';
import { sharedRoot } from '../profiling/corpus';

const cli = path.join(repoRoot, 'dist/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'profile-matrix', ...args], { encoding: 'utf8' });

const root = scratchDir('profile-matrix-usage');
const model = path.join(root, 'squeezenet.onnx');
fs.copyFileSync(path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'), model);
const config = path.join(root, '.modelready.json');
fs.writeFileSync(
  config,
  JSON.stringify({
    profiles: { 'squeezenet.onnx': { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [4, 3, 224, 224] } } },
    hosts: { gpu: { host: 'gpu.invalid', user: 'me' } },
  }),
);

test('--help lists the options', () => {
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(
    help.stdout,
    /profile-matrix <model\.onnx> --hosts a,b \[--images x,y\] \[--profiles p1,p2\] \[--concurrency N\]/,
  );
  assert.match(help.stdout, /--json\|--csv/);
});

test('bad command lines exit 2 naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [[model], /--hosts expects host names/],
    [[model, '--hosts', 'nope'], /\.modelready\.json: no host "nope" \(hosts: gpu\)/],
    [[model, '--hosts', 'gpu', '--profiles', 'p2'], /squeezenet\.onnx has no profile "p2" \(profiles: p1\)/],
    [[model, '--hosts', 'gpu', '--json', '--csv'], /--json and --csv exclude each other/],
    [[model, '--hosts', 'gpu', '--concurrency', '0'], /--concurrency expects an integer 1\.\.64/],
    [[model, '--hosts', 'gpu', '--precision', 'fp64'], /--precision expects one of fp32, fp16/],
    [[path.join(root, 'missing.onnx'), '--hosts', 'gpu'], /missing\.onnx: no such file/],
  ];
  for (const [args, message] of cases) {
    const result = run(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
});

test('a model that is not ONNX is a diagnostic naming the file, not a stack trace', () => {
  const bad = path.join(root, 'broken.onnx');
  fs.writeFileSync(bad, 'not a protobuf at all');
  fs.copyFileSync(config, path.join(root, 'copy.json'));
  const result = run(bad, '--hosts', 'gpu', '--config', path.join(root, 'copy.json'));
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /broken\.onnx/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
