// `modelready check` through the built bundle: a file argument means that file (the bug: a model checked in a busy
// folder reported the Triton configs around it), a config checked on its own still reads its own model file, Triton
// findings obey .modelready.json (rules, ignore), and the configuration is found from each file's folder up to the
// repository root wherever the CLI starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { corpusDir, corpusOnnxDir, repoRoot, scratchDir as newScratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const scratch: string[] = [];
after(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const scratchDir = (name: string) => {
  scratch.push(newScratchDir(name));
  return scratch[scratch.length - 1];
};

interface Report {
  diagnostics: { ruleId: string; severity: string; file: string }[];
  summary: { files: number; errors: number };
}

function check(cwd: string, ...args: string[]): { code: number | null; report: Report; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...args], { encoding: 'utf8', cwd });
  return { code: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

/** A Triton repository whose `simple` model config names an input the model lacks (triton/model-io-name). */
function brokenSimple(root: string): { config: string; model: string } {
  const source = path.join(corpusDir, 'triton/examples/simple');
  const dir = path.join(root, 'simple');
  fs.mkdirSync(path.join(dir, '1'), { recursive: true });
  fs.copyFileSync(path.join(source, '1/model.onnx'), path.join(dir, '1/model.onnx'));
  const text = fs.readFileSync(path.join(source, 'config.pbtxt'), 'utf8').replace('name: "INPUT0"', 'name: "INPUT9"');
  fs.writeFileSync(path.join(dir, 'config.pbtxt'), text);
  return { config: path.join(dir, 'config.pbtxt'), model: path.join(dir, '1/model.onnx') };
}

test('check <model.onnx> in a busy folder reports that model only', () => {
  const busy = scratchDir('check-busy');
  const model = path.join(busy, 'model.onnx');
  fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.full.onnx'), model);
  // Triton's whole L0 corpus beside and below the model: broken configs by the dozen.
  fs.cpSync(path.join(corpusDir, 'triton/L0_model_config'), path.join(busy, 'l0'), { recursive: true });
  brokenSimple(busy);

  const one = check(busy, model);
  assert.deepEqual([...new Set(one.report.diagnostics.map((d) => d.file))], ['model.onnx']);
  assert.equal(one.report.summary.files, 1);
  assert.equal(one.code, one.report.summary.errors > 0 ? 1 : 0);

  // The folder means the folder: the configs are checked then, and counted.
  const all = check(busy, busy);
  assert.equal(all.code, 1);
  assert.ok(all.report.summary.files > 100, `files: ${all.report.summary.files}`);
  assert.ok(all.report.diagnostics.some((d) => d.ruleId.startsWith('triton/')));
});

test('a config checked on its own reads its own model file but reports nothing for other files', () => {
  const repo = scratchDir('check-config-alone');
  const { config } = brokenSimple(repo);
  const other = path.join(repo, 'other/config.pbtxt');
  fs.mkdirSync(path.dirname(other), { recursive: true });
  fs.writeFileSync(other, 'name: "other"\nplatform: "no_such_platform"\n');

  const r = check(repo, config);
  assert.equal(r.code, 1);
  assert.deepEqual(
    r.report.diagnostics.map((d) => [d.file, d.ruleId]),
    [['simple/config.pbtxt', 'triton/model-io-name']],
  );
  assert.equal(r.report.summary.files, 1);
});

test('Triton findings obey .modelready.json rules and ignore globs', () => {
  const repo = scratchDir('check-triton-config');
  fs.mkdirSync(path.join(repo, '.git'));
  brokenSimple(repo);
  const settings = path.join(repo, '.modelready.json');
  const tritonFindings = () => check(repo, '.').report.diagnostics.filter((d) => d.ruleId.startsWith('triton/'));

  assert.deepEqual(
    tritonFindings().map((d) => [d.ruleId, d.severity]),
    [['triton/model-io-name', 'error']],
  );
  fs.writeFileSync(settings, JSON.stringify({ rules: { 'triton/model-io-name': 'warning' } }));
  assert.deepEqual(
    tritonFindings().map((d) => [d.ruleId, d.severity]),
    [['triton/model-io-name', 'warning']],
  );
  assert.equal(check(repo, '.').code, 0, 'a warning does not fail the check');
  fs.writeFileSync(settings, JSON.stringify({ rules: { 'triton/model-io-name': 'off' } }));
  assert.deepEqual(tritonFindings(), []);
  fs.writeFileSync(settings, JSON.stringify({ ignore: ['simple/config.pbtxt'] }));
  assert.deepEqual(tritonFindings(), []);
  const ignored = check(repo, '.').report.diagnostics;
  assert.ok(
    ignored.some((d) => d.file === 'simple/1/model.onnx'),
    'other files of the folder are still checked',
  );
});

test("each file gets its own folder's .modelready.json, found up to the repository root, from any cwd", () => {
  const outer = scratchDir('check-config-lookup');
  // Above the repository root: never read (it would switch every rule off).
  fs.writeFileSync(path.join(outer, '.modelready.json'), JSON.stringify({ rules: { 'triton/model-io-name': 'off' } }));
  const repo = path.join(outer, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  const a = brokenSimple(path.join(repo, 'a'));
  const b = brokenSimple(path.join(repo, 'b'));
  fs.writeFileSync(path.join(repo, '.modelready.json'), JSON.stringify({ rules: { 'triton/model-io-name': 'info' } }));
  fs.writeFileSync(
    path.join(repo, 'b/.modelready.json'),
    JSON.stringify({ rules: { 'triton/model-io-name': 'warning' } }),
  );

  for (const cwd of [repoRoot, outer, path.join(repo, 'b')]) {
    const r = check(cwd, a.config, b.config);
    const severity = (file: string) =>
      r.report.diagnostics.find((d) => path.resolve(cwd, d.file) === file && d.ruleId === 'triton/model-io-name')
        ?.severity;
    assert.equal(severity(a.config), 'info', `from ${cwd}`);
    assert.equal(severity(b.config), 'warning', `from ${cwd}`);
  }
});
