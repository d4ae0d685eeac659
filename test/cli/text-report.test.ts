// The text report as a terminal user reads it: wrapped at the width, rule ids whole, colour only when asked
// (FORCE_COLOR / a TTY without NO_COLOR), counts per file, checked vs with-problems files, --verbose how-to-fix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { ruleCatalog } from '../../server/rules/catalog';
import { corpusOnnxDir, repoRoot } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const model = path.join(corpusOnnxDir, 'llama_tiny_op17.onnx');
const config = path.join(repoRoot, 'examples/model_repository/classifier/config.pbtxt');
const clean = path.join(repoRoot, 'examples/model_repository/deduplicator/config.pbtxt');

function check(env: Record<string, string>, ...args: string[]) {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  delete base.COLUMNS;
  const r = spawnSync(process.execPath, [cli, 'check', ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { ...base, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const ESC = '\x1b[';

test('wraps at COLUMNS with a hanging indent and never cuts a rule id', () => {
  const { stdout } = check({ COLUMNS: '72' }, model, config);
  const ids = new Set(ruleCatalog.map((r) => r.id));
  const lines = stdout.split('\n');
  for (const line of lines) {
    const longestWord = Math.max(...line.split(' ').map((w) => w.length));
    assert.ok(line.length <= 72 || longestWord > 40, `over 72 columns: ${JSON.stringify(line)}`);
  }
  const shownIds = stdout.match(/(?<=\s)(?:onnx|shape|simplify|triton|trt)\/[a-z0-9-]+$/gm) ?? [];
  assert.ok(shownIds.length >= 5);
  for (const id of shownIds) assert.ok(ids.has(id), `rule id shown whole: ${id}`);
  assert.ok(
    lines.some((l) => /^ {11}\S/.test(l)),
    'continuation lines hang under the message',
  );
});

test('piped without COLUMNS: one line per finding, no colour', () => {
  const { stdout } = check({}, model);
  assert.ok(!stdout.includes(ESC));
  const findingLines = stdout.split('\n').filter((l) => /^ {2}(error|warning|info) /.test(l));
  assert.equal(findingLines.length, stdout.split('\n').filter((l) => l.startsWith('  ')).length);
  assert.ok(
    findingLines.every((l) => / [a-z]+\/[a-z0-9-]+$/.test(l)),
    'each line ends with its rule id',
  );
});

test('colour when forced, none with NO_COLOR on the same output', () => {
  assert.ok(check({ FORCE_COLOR: '1' }, model).stdout.includes(`${ESC}31merror`));
  assert.ok(!check({ NO_COLOR: '1' }, model).stdout.includes(ESC));
});

test('counts per file, checked vs with problems, and --verbose how to fix', () => {
  const { stdout, code } = check({}, config, clean);
  assert.equal(code, 1);
  assert.match(stdout, /classifier\/config\.pbtxt {2}1 error\n/);
  assert.match(stdout, /in 1 of 2 checked files\n?$/);
  const verbose = check({}, '--verbose', config).stdout;
  assert.match(verbose, /\n {11}how to fix: \S/);
});

test('a folder with nothing to check says so on stderr and exits 2', () => {
  const { code, stderr, stdout } = check({}, path.join(repoRoot, 'docs'));
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /nothing to check in .*docs/);
});
