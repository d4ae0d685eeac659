// The GitHub Action up to its upload step (no runner here): action.yml's wiring, read with Debian's python3-yaml,
// and its entry script run as the check step runs it (INPUT_* variables, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT
// files) on the example repository, whose errors are seeded on purpose. The counts it reports are compared with
// the CLI's own JSON output. test/install/npm-package.slow.test.ts runs action/install-cli.sh on the packed tarball.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { debianPython, repoRoot, scratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const script = path.join(repoRoot, 'action/run-check.mjs');

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  sarifFile: string;
}

function runCheckStep(inputs: Record<string, string>): StepRun {
  const dir = scratchDir('action');
  const summaryFile = path.join(dir, 'summary.md');
  const outputFile = path.join(dir, 'output');
  const sarifFile = path.join(dir, 'out', 'modelready.sarif');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    MODELREADY_CLI: cli,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    INPUT_SARIF_FILE: sarifFile,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name}`] = value;
  const run = spawnSync(process.execPath, [script], { cwd: repoRoot, env, encoding: 'utf8' });
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const outputs = Object.fromEntries(
    read(outputFile)
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, summary: read(summaryFile), outputs, sarifFile };
}

interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
}

function cliJson(paths: string[]): { diagnostics: JsonFinding[]; summary: { errors: number; warnings: number } } {
  const run = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...paths], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return JSON.parse(run.stdout);
}

describe('GitHub Action', () => {
  it('action.yml: inputs reach the scripts as environment variables only; the upload runs after failing checks', () => {
    const parsed = spawnSync(
      debianPython,
      ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', 'action.yml'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(parsed.status, 0, parsed.stderr);
    const action = JSON.parse(parsed.stdout);
    assert.equal(action.runs.using, 'composite');
    const inputs = Object.keys(action.inputs);
    for (const name of inputs) assert.ok(action.inputs[name].description, `${name} has no description`);
    const [install, check, upload] = action.runs.steps;
    assert.deepEqual(install.env, { CLI_PACKAGE: '${{ inputs.cli }}' });
    assert.equal(check.env.MODELREADY_CLI, '${{ steps.install.outputs.cli }}');
    // Every input but the install and upload switches becomes INPUT_<NAME> of the check step, and nothing else does.
    const expected = Object.fromEntries(
      inputs
        .filter((n) => n !== 'cli' && n !== 'upload-sarif')
        .map((n) => [`INPUT_${n.toUpperCase().replace(/-/g, '_')}`, `\${{ inputs.${n} }}`]),
    );
    const checkInputs = Object.fromEntries(Object.entries(check.env).filter(([name]) => name !== 'MODELREADY_CLI'));
    assert.deepEqual(checkInputs, expected);
    for (const step of action.runs.steps)
      assert.ok(!String(step.run ?? '').includes('${{'), `expression pasted into a shell line: ${step.run}`);
    assert.match(upload.uses, /^github\/codeql-action\/upload-sarif@v\d+$/);
    assert.match(
      upload.if,
      /^always\(\) && inputs\.upload-sarif == 'true' && steps\.check\.outputs\.sarif-file != ''$/,
    );
    assert.equal(upload.with.sarif_file, '${{ steps.check.outputs.sarif-file }}');
    for (const output of ['sarif-file', 'errors', 'warnings', 'info'])
      assert.equal(action.outputs[output].value, `\${{ steps.check.outputs.${output} }}`);
  });

  it('on the example repository: fails (exit 1) on the seeded errors, SARIF, summary and outputs match the CLI', () => {
    const step = runCheckStep({ PATHS: 'examples/model_repository\n' });
    assert.equal(step.status, 1, step.stderr);
    const expected = cliJson(['examples/model_repository']);
    assert.ok(expected.summary.errors > 0);
    const sarif = JSON.parse(fs.readFileSync(step.sarifFile, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, expected.diagnostics.length);
    assert.deepEqual(step.outputs, {
      'sarif-file': step.sarifFile,
      errors: String(expected.summary.errors),
      warnings: String(expected.summary.warnings),
      info: String(expected.diagnostics.filter((d) => d.severity === 'info').length),
    });
    // One table row per rule and file, with the counts the JSON report gives.
    const rows = step.summary.split('\n').filter((l) => l.startsWith('| `'));
    const counted = new Map<string, number[]>();
    for (const d of expected.diagnostics) {
      const key = `| \`${d.ruleId}\` | \`${d.file}\` |`;
      const c = counted.get(key) ?? [0, 0, 0];
      c[['error', 'warning', 'info'].indexOf(d.severity)]++;
      counted.set(key, c);
    }
    assert.deepEqual(new Set(rows), new Set([...counted].map(([key, c]) => `${key} ${c.join(' | ')} |`)), step.summary);
    assert.match(
      step.summary,
      new RegExp(`^${expected.summary.errors} errors, ${expected.summary.warnings} warnings`, 'm'),
    );
    // Annotations: one per finding, errors as ::error with the file and line.
    const annotations = step.stdout.split('\n').filter((l) => /^::(error|warning|notice) file=/.test(l));
    assert.equal(annotations.length, expected.diagnostics.length);
    assert.equal(annotations.filter((l) => l.startsWith('::error ')).length, expected.summary.errors);
    assert.ok(
      annotations.some((l) =>
        /^::error file=examples\/model_repository\/classifier\/config\.pbtxt,line=\d+,col=\d+,title=ModelReady triton\//.test(
          l,
        ),
      ),
    );
  });

  it('fail-on picks the severity that fails the step', () => {
    // The classifier's model alone has a warning (dynamic input, no profile), the upsampler only info (its TensorRT
    // findings are scoped "if you move this model to TensorRT": Triton serves it with plain ONNX Runtime); no error.
    const pathList = ['examples/model_repository/classifier/1/model.onnx', 'examples/model_repository/upsampler'];
    const severities = new Set(cliJson(pathList).diagnostics.map((d) => d.severity));
    assert.deepEqual([...severities].sort(), ['info', 'warning']);
    const statusFor = (failOn: string) => runCheckStep({ PATHS: pathList.join('\n'), FAIL_ON: failOn }).status;
    assert.deepEqual(
      ['error', 'warning', 'info', 'never', ''].map(statusFor),
      [0, 1, 1, 0, 0],
      'error, warning, info, never, default (error)',
    );
    assert.equal(runCheckStep({ PATHS: 'examples/model_repository', FAIL_ON: 'never' }).status, 0);
  });

  it('target inputs reach the CLI', () => {
    const step = runCheckStep({ PATHS: 'examples/model_repository/deduplicator', TARGET_TRT: '8.6', FAIL_ON: 'never' });
    assert.equal(step.status, 0, step.stderr);
    const messages = JSON.parse(fs.readFileSync(step.sarifFile, 'utf8')).runs[0].results.map(
      (r: { message: { text: string } }) => r.message.text,
    );
    assert.ok(
      messages.some((m: string) => m.includes('TensorRT 8.6')),
      messages.join('\n'),
    );
    const old = runCheckStep({ PATHS: 'examples/model_repository', TARGET_TRT: '7.0' });
    assert.equal(old.status, 2);
    assert.match(old.stderr, /TensorRT 7\.0 predates/);
    assert.ok(!fs.existsSync(old.sarifFile), 'a SARIF file for a check that did not run');
    const triton = runCheckStep({ PATHS: 'examples/model_repository', TARGET_TRITON: '1.0' });
    assert.equal(triton.status, 2);
    assert.match(triton.stderr, /--target-triton: .*\n.*container release/);
    const gpu = runCheckStep({
      PATHS: 'examples/model_repository/upsampler',
      TARGET_GPU: 'NoSuchGPU',
      FAIL_ON: 'never',
    });
    assert.equal(gpu.status, 0, gpu.stderr);
    assert.ok(fs.readFileSync(gpu.sarifFile, 'utf8').includes('GPU \\"NoSuchGPU\\" is not in the GPU table'));
  });

  it('bad inputs and missing paths fail with exit 2, a message, and no SARIF file for the upload', () => {
    const bogus = runCheckStep({ PATHS: 'examples/model_repository', FAIL_ON: 'sometimes' });
    assert.equal(bogus.status, 2);
    assert.match(bogus.stdout, /^::error title=ModelReady::fail-on must be one of info, warning, error, never/m);
    assert.ok(!fs.existsSync(bogus.sarifFile));
    assert.deepEqual(bogus.outputs, {});
    const missing = runCheckStep({ PATHS: 'examples/no-such-folder' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /examples\/no-such-folder: no such file or folder/);
    assert.ok(!fs.existsSync(missing.sarifFile));
    assert.deepEqual(missing.outputs, {});
  });

  it('hostile file names stay inside their annotation property and their table cell', () => {
    const dir = scratchDir('action-names');
    const name = 'a|b,c:d%e.onnx';
    fs.writeFileSync(path.join(dir, name), 'not a model');
    const relative = path.relative(repoRoot, path.join(dir, name));
    const step = runCheckStep({ PATHS: `${path.relative(repoRoot, dir)}` });
    assert.equal(step.status, 1, step.stderr);
    const escaped = relative.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C');
    assert.ok(
      step.stdout.includes(`::error file=${escaped},line=1,title=ModelReady onnx/unreadable-model::`),
      step.stdout,
    );
    const row = step.summary.split('\n').find((l) => l.includes('onnx/unreadable-model'))!;
    assert.equal(row, `| \`onnx/unreadable-model\` | \`${relative.replace(/\|/g, '\\|')}\` | 1 | 0 | 0 |`);
  });
});
