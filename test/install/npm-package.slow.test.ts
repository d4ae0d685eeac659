// The npm package as a user gets it: `npm pack` in a copy of the checkout, `npm install -g` of the tarball into an
// empty prefix outside the repository (no node_modules above it), then the installed `modelready` run with a PATH
// holding nothing but node (no Python, no build tools). The package has no runtime dependencies, so the install runs
// with --offline. ONNX Runtime is not installed with it; the command that needs it says which npm command adds it,
// and after running that command (the registry is reachable in CI) the same server runs the model.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OrtRunLocalResult } from '../../server/contract/profiling';
import { ORT_PACKAGE, ortInstallCommand } from '../../server/profiling/ort-runtime';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { stageCheckout } from '../support/checkout';
import { corpusOnnxDir, repoRoot } from '../support/paths';

const MAX_INSTALLED_BYTES = 80 * 1024 * 1024;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

describe('npm package: pack, install -g, run', () => {
  let dir: string;
  let prefix: string;
  let installed: string;
  let tarball: string;
  /** node and nothing else on PATH. */
  let nodeOnly: NodeJS.ProcessEnv;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-npm-'));
    for (let up = dir; up !== path.dirname(up); up = path.dirname(up))
      assert.ok(!fs.existsSync(path.join(up, 'node_modules')), `${up}/node_modules would be found by the install`);
    const staging = path.join(dir, 'checkout');
    stageCheckout(staging);
    // prepack builds the bundles: a checkout with its development dependencies is all `npm pack` needs.
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: staging,
      encoding: 'utf8',
    });
    tarball = path.join(dir, packed.trim().split('\n').pop()!);
    prefix = path.join(dir, 'global');
    execFileSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    installed = path.join(prefix, 'lib/node_modules/modelready');
    const bin = path.join(dir, 'node-only-bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    nodeOnly = { PATH: bin, HOME: dir };
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const modelready = (args: string[], cwd = repoRoot) =>
    spawnSync(path.join(prefix, 'bin/modelready'), args, { cwd, env: nodeOnly, encoding: 'utf8' });

  it('holds the bundles and the rule reference, and declares no dependency npm would install', () => {
    const names = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    for (const needed of ['package/dist/cli.js', 'package/dist/server.js', 'package/docs/rules.md', 'package/LICENSE'])
      assert.ok(names.includes(needed), `${needed} missing: ${names.join(', ')}`);
    assert.deepEqual(
      names.filter((n) => /\.(ts|map|py)$/.test(n) || /^package\/(server|test|examples|node_modules)\//.test(n)),
      [],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.optionalDependencies, undefined);
    assert.deepEqual(manifest.peerDependenciesMeta, { 'onnxruntime-node': { optional: true } });
    assert.equal(`onnxruntime-node@${manifest.peerDependencies['onnxruntime-node']}`, ORT_PACKAGE);
  });

  it(`installs nothing but the package, under ${MAX_INSTALLED_BYTES / 1024 / 1024} MB`, (t) => {
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'the install pulled dependencies');
    const bytes = folderBytes(prefix);
    t.diagnostic(`installed: ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    assert.ok(bytes <= MAX_INSTALLED_BYTES, `${bytes} bytes installed`);
  });

  it('check finds the seeded errors of the example repository (exit 1) with only node on PATH', () => {
    const result = modelready(['check', 'examples/model_repository', '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    const { diagnostics, summary } = JSON.parse(result.stdout);
    assert.ok(summary.errors > 0 && summary.files > 0, JSON.stringify(summary));
    assert.ok(diagnostics.some((d: { ruleId: string }) => d.ruleId.startsWith('triton/')));
    assert.ok(diagnostics.some((d: { ruleId: string }) => /^(onnx|trt|shape|simplify)\//.test(d.ruleId)));
    assert.equal(result.stderr, '');
  });

  it('check reads a corpus model and prints SARIF; a missing path is a usage error (exit 2)', () => {
    const model = path.join(corpusOnnxDir, 'resnet50_op17.onnx');
    const result = modelready(['check', model, '--format', 'sarif']);
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const sarif = JSON.parse(result.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].tool.driver.name, 'ModelReady');
    const missing = modelready(['check', path.join(dir, 'no-such-model.onnx')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-model\.onnx: no such file or folder/);
  });

  it("the action's install step installs the tarball, and its check step fails (exit 1) on the seeded errors", () => {
    const runnerTemp = path.join(dir, 'runner-temp');
    fs.mkdirSync(runnerTemp);
    const outputFile = path.join(dir, 'install-output');
    execFileSync(path.join(repoRoot, 'action/install-cli.sh'), {
      env: { ...process.env, CLI_PACKAGE: tarball, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const cli = /^cli=(.+)$/m.exec(fs.readFileSync(outputFile, 'utf8'))![1];
    assert.equal(cli, path.join(runnerTemp, 'modelready-cli/lib/node_modules/modelready/dist/cli.js'));
    const check = spawnSync(process.execPath, [path.join(repoRoot, 'action/run-check.mjs')], {
      cwd: repoRoot,
      env: {
        ...nodeOnly,
        MODELREADY_CLI: cli,
        INPUT_PATHS: 'examples/model_repository',
        INPUT_SARIF_FILE: path.join(dir, 'action.sarif'),
      },
      encoding: 'utf8',
    });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^ModelReady: [1-9]\d* errors, .*fail-on error: failing$/m);
    assert.ok(fs.existsSync(path.join(dir, 'action.sarif')));
  });

  it('Run with ONNX Runtime says which npm command adds it; after that command the model runs', async () => {
    const model = path.join(dir, 'workspace', 'squeezenet.onnx');
    fs.mkdirSync(path.dirname(model));
    fs.copyFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.full.onnx'), model);
    const runLocal = async () => {
      const client = LspClient.start([path.join(installed, 'dist/cli.js'), 'lsp']);
      try {
        await client.initialize(path.dirname(model), {}, { workspaceTrusted: true, profiling: { storageDir: dir } });
        return await client.connection.sendRequest<OrtRunLocalResult>('modelready/ort/runLocal', {
          modelUri: uriOf(model),
          profile: { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [2, 3, 224, 224] } },
          iterations: 1,
        });
      } finally {
        assert.equal(await client.stop(), 0, client.stderr);
      }
    };
    const missing = await runLocal();
    assert.ok(!missing.ok && missing.installCommand, JSON.stringify(missing));
    assert.equal(missing.installCommand, ortInstallCommand(installed));
    assert.ok(missing.message.includes(missing.installCommand));
    // The notice's buttons carry the same command.
    assert.deepEqual(
      missing.actions?.map((a) => a.kind),
      ['install-ort', 'copy-command'],
    );
    assert.ok(
      missing.actions?.every((a) =>
        'command' in a ? a.command === missing.installCommand : 'text' in a && a.text === missing.installCommand,
      ),
    );

    // What the user runs (ONNXRUNTIME_NODE_INSTALL=skip: CI cannot reach NuGet, where onnxruntime-node's install
    // script fetches the CUDA provider, which a CPU run does not use).
    execFileSync('sh', ['-c', missing.installCommand], {
      cwd: dir,
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    assert.ok(fs.existsSync(path.join(installed, 'node_modules/onnxruntime-node/package.json')));
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules/typescript')), 'development tools came along');
    const ran = await runLocal();
    assert.ok(ran.ok, JSON.stringify(ran));
    assert.ok(ran.result.runs.every((r) => r.ok));
  });
});
