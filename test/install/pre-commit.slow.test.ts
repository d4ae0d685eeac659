// The pre-commit hooks with Debian's pre-commit: a copy of this checkout committed as the hook repository, a fresh
// git repository that uses it from .pre-commit-config.yaml, and `pre-commit run` on what is staged. pre-commit
// installs the hook the way it installs any Node hook (npm install, npm pack, npm install -g of the tarball, with
// the system node), into a PRE_COMMIT_HOME of its own; that install takes a few minutes on 2 cores.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stageCheckout } from '../support/checkout';
import { repoRoot } from '../support/paths';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });

describe('pre-commit hooks', () => {
  let dir: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-pre-commit-'));
    const hookRepo = path.join(dir, 'modelready');
    stageCheckout(hookRepo);
    fs.rmSync(path.join(hookRepo, 'node_modules'));
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-qm', 'hook repository');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    project = path.join(dir, 'project');
    fs.cpSync(path.join(repoRoot, 'examples/model_repository'), path.join(project, 'model_repository'), {
      recursive: true,
    });
    fs.writeFileSync(path.join(project, 'notes.txt'), 'not checked\n');
    fs.writeFileSync(
      path.join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: modelready-check\n      - id: modelready-config\n`,
    );
    git(project, 'init', '-q');
    env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never' };
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const preCommit = (...args: string[]) =>
    spawnSync('pre-commit', ['run', ...args], { cwd: project, env, encoding: 'utf8' });

  it('fails (exit 1) on the staged example repository, naming the seeded errors', () => {
    git(project, 'add', '-A');
    const run = preCommit();
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /ModelReady check \(ONNX models, Triton configs\)\.+Failed/);
    assert.match(run.stdout, /model_repository\/classifier\/config\.pbtxt/);
    assert.match(run.stdout, /triton\/model-io-dims/);
    assert.match(run.stdout, /trt\/op-unsupported/);
    // No .modelready.json staged: the config hook does not run.
    assert.match(run.stdout, /ModelReady check after a \.modelready\.json change\.+\(no files to check\)Skipped/);
  });

  it('passes a staged model without errors and skips files it does not check', () => {
    git(project, 'commit', '-qm', 'examples', '--no-verify');
    fs.appendFileSync(path.join(project, 'notes.txt'), 'still not checked\n');
    git(project, 'add', 'notes.txt');
    const unrelated = preCommit();
    assert.equal(unrelated.status, 0, unrelated.stdout + unrelated.stderr);
    assert.match(unrelated.stdout, /ModelReady check \(ONNX models, Triton configs\)\.+\(no files to check\)Skipped/);
    // The upsampler has warnings and info only.
    const staged = preCommit('--files', 'model_repository/upsampler/1/model.onnx');
    assert.equal(staged.status, 0, staged.stdout + staged.stderr);
    assert.match(staged.stdout, /ModelReady check \(ONNX models, Triton configs\)\.+Passed/);
  });

  it('a broken .modelready.json fails the config hook with a message naming it', () => {
    fs.writeFileSync(path.join(project, '.modelready.json'), '{"rules": 5}\n');
    git(project, 'add', '.modelready.json');
    const run = preCommit();
    assert.notEqual(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /ModelReady check after a \.modelready\.json change\.+Failed/);
    assert.match(run.stdout, /\.modelready\.json: invalid ModelReady configuration/);
  });
});
