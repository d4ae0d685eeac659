// Opening a folder to the first diagnostics in Problems (issue 15 item 12), in a real VS Code (code-server) on a
// 10-file workspace: the examples model repository plus three corpus models. Beside ModelReady, an empty reference
// extension activated on "*" marks when code-server's extension host is ready for extensions at all. Printed and
// written beside the screenshots: workbench drawn → extension host started → reference activated → ModelReady
// activated → its language server running → first diagnostics. Asserted here: the diagnostics arrive and both
// activations are logged. The time target (ModelReady's own part, activation → first diagnostics, within 2 s or
// 2.5 x the CLI's time on the same folder) is judged by `npm run bench:first-diagnostics`, which runs this file:
// a timed test would fail CI on a loaded machine. Run with MODELREADY_CODE_SERVER_DIR=/work/.code-server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { corpusOnnxDir, repoRoot } from '../support/paths';
import { openWorkbench, screenshotDir, type OpenedWorkbench } from './code-server';

const CORPUS_MODELS = ['squeezenet_op9.onnx', 'resnet50_op17.onnx', 'mobilenet_v3_small_op13.onnx'];
const REFERENCE_ID = 'modelready-e2e.reference';
const OURS_LIMIT_MS = 2000;
/**
 * On a loaded machine every process starts slower: the limit grows with the CLI's time on the same folder, measured
 * in the same run (0.8 s on an idle machine, where 2.5 x that is the 2 s target).
 */
const CLI_RATIO = 2.5;
const limitFor = (cliMs: number) => Math.round(Math.max(OURS_LIMIT_MS, CLI_RATIO * cliMs));

let wb: OpenedWorkbench | undefined;
let home: string;
let workspace: string;
let stagingDir: string;
let page: Page;
const screenshot = (name: string) => wb!.screenshot(name);
const step = (name: string, body: () => Promise<void>) => wb!.step(name, body);

/** The log files under code-server's user data whose path matches, joined. */
function logs(match: RegExp): string {
  const dir = path.join(home, 'user-data/logs');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => match.test(f))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/** Epoch ms of the first line matching `pattern`; lines start with the local time "2026-12-02 03:26:28.910". */
function loggedAt(text: string, pattern: RegExp): number | undefined {
  const line = text.split('\n').find((l) => pattern.test(l));
  return line ? new Date(line.slice(0, 23).replace(' ', 'T')).getTime() : undefined;
}

/** From the extension host's log and our output channel's: host start, activations, the language server running. */
function extensionHostTimes() {
  const host = logs(/remoteexthost\.log$/);
  const ours = loggedAt(host, /_doActivateExtension modelready\.modelready,/);
  // The output channel's line says how long after activation began the server answered `initialize`.
  const serverMs = /Language server running, (\d+) ms after activation began/.exec(logs(/ModelReady\.log$/))?.[1];
  return {
    hostStarted: loggedAt(host, /Extension host with pid \d+ started/),
    reference: loggedAt(host, new RegExp(`_doActivateExtension ${REFERENCE_ID.replace('.', '\\.')},`)),
    ours,
    ourEvent: /_doActivateExtension modelready\.modelready,.*activationEvent: '([^']+)'/.exec(host)?.[1],
    serverRunning: ours !== undefined && serverMs !== undefined ? ours + Number(serverMs) : undefined,
  };
}

/** `modelready check` on the workspace with the CLI built beside the extension: a process start, its bundle, 10 files. */
function cliCheckMs(): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(stagingDir, 'dist/cli.js'), 'check', workspace], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.ok(result.status === 1 && /triton\//.test(result.stdout), `the CLI check failed:\n${result.stderr}`);
  return Math.round(performance.now() - started);
}

/** The analyzable files of a folder (models and Triton configs), as the server indexes them. */
function analyzableFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.onnx') || path.basename(f) === 'config.pbtxt');
}

/** An extension that does nothing, activated as early as VS Code activates any ("*"). */
function installReferenceExtension(extensionsDir: string): void {
  const dir = path.join(extensionsDir, `${REFERENCE_ID}-0.0.1`);
  fs.mkdirSync(dir);
  const [publisher, name] = REFERENCE_ID.split('.');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name,
      publisher,
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      activationEvents: ['*'],
      main: './main.js',
    }),
  );
  fs.writeFileSync(path.join(dir, 'main.js'), 'exports.activate = () => {};\n');
}

before(async () => {
  wb = await openWorkbench({
    name: 'first-diagnostics',
    load: false,
    prepare: (dirs) => {
      fs.cpSync(path.join(repoRoot, 'examples/model_repository'), dirs.workspace, { recursive: true });
      fs.mkdirSync(path.join(dirs.workspace, 'models'));
      for (const model of CORPUS_MODELS)
        fs.copyFileSync(path.join(corpusOnnxDir, model), path.join(dirs.workspace, 'models', model));
      installReferenceExtension(dirs.extensionsDir);
    },
  });
  ({ home, workspace, stagingDir, page } = wb);
});

after(() => wb?.close());

test(
  'first diagnostics in Problems after the workbench is drawn (10-file workspace), against an empty extension',
  { timeout: 240_000 },
  async () => {
    const files = analyzableFiles(workspace).length;
    assert.equal(files, 10, `the workspace should hold 10 analyzable files, has ${files}`);
    await wb!.load();
    const drawnAt = performance.now();
    const drawnWallClock = Date.now();
    // The status bar's Problems item counts what Problems lists ("No Problems" until the first diagnostics).
    const problems = page.locator('[id="status.problems"]').first();
    let firstAt = 0;
    let label = '';
    await step('first diagnostics', async () => {
      const deadline = drawnAt + 150_000;
      while (performance.now() < deadline) {
        label =
          (await problems.getAttribute('aria-label').catch(() => null)) ?? (await problems.innerText().catch(() => ''));
        if (/[1-9]/.test(label)) {
          firstAt = performance.now();
          return;
        }
        await page.waitForTimeout(20);
      }
      throw new Error(`no diagnostics in Problems within 150 s (status bar: "${label}")`);
    });
    const firstWallClock = drawnWallClock + (firstAt - drawnAt);
    await screenshot('problems');
    const cliMs = cliCheckMs();
    const t = extensionHostTimes();
    const sinceDrawn = (at: number | undefined) => (at === undefined ? undefined : Math.round(at - drawnWallClock));
    const figure = {
      files,
      sinceWorkbenchDrawnMs: {
        extensionHostStarted: sinceDrawn(t.hostStarted),
        referenceActivated: sinceDrawn(t.reference),
        modelReadyActivated: sinceDrawn(t.ours),
        languageServerRunning: sinceDrawn(t.serverRunning),
        firstDiagnostics: Math.round(firstAt - drawnAt),
      },
      modelReadyActivationEvent: t.ourEvent,
      modelReadyAfterReferenceMs: t.ours !== undefined && t.reference !== undefined ? t.ours - t.reference : undefined,
      activationToFirstDiagnosticsMs: t.ours !== undefined ? Math.round(firstWallClock - t.ours) : undefined,
      cliCheckMs: cliMs,
      limitMs: limitFor(cliMs),
      statusBar: label,
      target: `activationToFirstDiagnosticsMs <= max(${OURS_LIMIT_MS}, ${CLI_RATIO} x cliCheckMs); workbench drawn -> first diagnostics <= 2000 (issue 15 item 12)`,
    };
    fs.writeFileSync(path.join(screenshotDir, 'first-diagnostics.json'), `${JSON.stringify(figure, null, 2)}\n`);
    const s = figure.sinceWorkbenchDrawnMs;
    console.log(
      `after the workbench was drawn: extension host started ${s.extensionHostStarted ?? '?'} ms, empty reference extension activated ${s.referenceActivated ?? '?'} ms, ModelReady activated ${s.modelReadyActivated ?? '?'} ms (${t.ourEvent}), its language server running ${s.languageServerRunning ?? '?'} ms, first diagnostics in Problems ${s.firstDiagnostics} ms (${label}); ModelReady's part, activation -> first diagnostics: ${figure.activationToFirstDiagnosticsMs ?? '?'} ms (limit ${figure.limitMs} ms; the CLI checks the same folder in ${cliMs} ms now)`,
    );
    assert.ok(t.reference !== undefined && t.ours !== undefined, `activations not in the extension host's log`);
    // The first file published may hold only infos; the examples' errors follow as the rest is analyzed.
    await step('the errors of the examples', async () => {
      const deadline = performance.now() + 60_000;
      while (!/Errors: [1-9]/.test(label) && performance.now() < deadline) {
        await page.waitForTimeout(200);
        label =
          (await problems.getAttribute('aria-label').catch(() => null)) ?? (await problems.innerText().catch(() => ''));
      }
      assert.match(label, /Errors: [1-9]/, `Problems should count the examples' errors: "${label}"`);
    });
  },
);
