// Profiling in a real VS Code (code-server + Debian's headless Chromium, the packaged extension): "Profile with
// trtexec on remote GPU" against the real OpenSSH server on loopback whose trtexec is the test double replaying a
// recorded run. Through the UI: palette command, host and precision pickers, the unknown-host-key modal with its
// SHA256 fingerprint, progress, the log in the output channel, the results view, and "Show on graph"; then "Profile
// Matrix…" (host, images, profiles and precision pickers) on a second host entry whose key is on record, ending in
// the results view's matrix table with one row per cell.
// Screenshots go to test/.tmp/e2e-screenshots (profiling-*).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { importTrtexecFiles } from '../../server/profiling/import-results';
import { sharedRoot, trexRoot } from '../profiling/corpus';
import { installTrtexecDouble, startSshd, type SshdHandle } from '../profiling/ssh-harness';
import { openWorkbench, type OpenedWorkbench } from './code-server';
import { workbench } from './workbench';

const REPLAY = 'examples/pytorch/resnet/A100/fp16';

let wb: OpenedWorkbench | undefined;
let home: string;
let sshd: SshdHandle | undefined;
let trtexecDir: string;
let page: Page;

const screenshot = (name: string) => wb!.screenshot(name);
const step = (name: string, body: () => Promise<void>) => wb!.step(name, body);
const quickInput = () => page.locator('.quick-input-widget');

const { pick, titled, accept, activeWebview } = workbench(() => page);

before(async () => {
  const server = await startSshd();
  sshd = server;
  trtexecDir = path.join(server.dir, 'gpu', 'bin');
  installTrtexecDouble(trtexecDir, {
    version: '10.13.0',
    corpusRun: REPLAY,
    prefix: 'resnet.onnx.engine',
    inputs: ['data'],
  });
  wb = await openWorkbench({
    name: 'profiling',
    prepare: ({ home: dir, workspace }) => {
      home = dir;
      fs.mkdirSync(path.join(workspace, 'models'));
      fs.copyFileSync(
        path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'),
        path.join(workspace, 'models/squeezenet.onnx'),
      );
      const knownHosts = path.join(home, 'known_hosts');
      fs.writeFileSync(knownHosts, '');
      fs.writeFileSync(
        path.join(workspace, '.modelready.json'),
        JSON.stringify(
          {
            profiles: {
              // A single run takes the first; the matrix runs both (p1, p2).
              'models/squeezenet.onnx': [
                { data: { min: [1, 3, 224, 224], opt: [4, 3, 224, 224], max: [8, 3, 224, 224] } },
                { data: { min: [1, 3, 224, 224], opt: [16, 3, 224, 224], max: [32, 3, 224, 224] } },
              ],
            },
            hosts: {
              'loopback gpu': {
                host: '127.0.0.1',
                port: server.port,
                user: 'root',
                identityFile: server.clientKey,
                knownHostsFile: knownHosts,
                trtexecPath: path.join(trtexecDir, 'trtexec'),
                workDir: path.join(home, 'remote work'),
              },
              'matrix gpu': {
                host: '127.0.0.1',
                port: server.port,
                user: 'root',
                identityFile: server.clientKey,
                knownHostsFile: server.knownHosts,
                trtexecPath: path.join(trtexecDir, 'trtexec'),
                workDir: path.join(home, 'remote work'),
              },
            },
          },
          null,
          2,
        ),
      );
    },
  });
  page = wb.page;
});

after(async () => {
  await wb?.close();
  await sshd?.stop();
});

test(
  'Profile with trtexec on remote GPU: pickers, host-key modal, progress, log, results view, Show on graph',
  { timeout: 240_000 },
  async () => {
    const replayed = await importTrtexecFiles(
      ['profile.json', 'graph.json', 'profile.metadata.json'].map((f) =>
        path.join(trexRoot, REPLAY, `resnet.onnx.engine.${f}`),
      ),
    );
    const fingerprint = execFileSync('ssh-keygen', ['-lf', path.join(sshd!.dir, 'host_ed25519.pub')], {
      encoding: 'utf8',
    }).split(' ')[1];

    await step('pickers', async () => {
      // The extension is up once its status bar item shows.
      await page
        .locator('.statusbar-item[id="modelready.modelready.modelready.readiness"]')
        .waitFor({ timeout: 60_000 });
      await page.keyboard.press('F1');
      await quickInput().locator('input').waitFor({ state: 'visible', timeout: 10_000 });
      await quickInput().locator('input').fill('>Profile with trtexec on remote GPU');
      await pick('Profile with trtexec on remote GPU');
      await pick('models/squeezenet.onnx');
      await pick('loopback gpu');
      await screenshot('01-precision');
      await pick('fp16');
      // Options (multi-select, defaults kept) and iterations (default 100): accept both.
      await accept('Options');
      await accept('Timed iterations');
    });

    await step('host key modal', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 60_000 });
      const text = await dialog.innerText();
      await screenshot('02-host-key');
      assert.match(text, new RegExp(`authenticity of 127\\.0\\.0\\.1:${sshd!.port}`));
      assert.ok(text.includes(fingerprint), `the modal shows ${fingerprint}:\n${text}`);
      await dialog.locator('a.monaco-button, button', { hasText: 'Accept and connect' }).first().click();
    });

    await step('results view', async () => {
      const view = activeWebview();
      await view.locator('table.layers tbody tr').first().waitFor({ timeout: 90_000 });
      assert.equal(await view.locator('h1').innerText(), 'loopback gpu · fp16 · TensorRT 10.13.0');
      assert.equal(await view.locator('table.layers tbody tr').count(), replayed.layers.length);
      await screenshot('03-results');
    });
    assert.match(
      fs.readFileSync(path.join(home, 'known_hosts'), 'utf8'),
      /^\|1\|/,
      'the accepted key was recorded, hashed',
    );
    const argv: string[] = JSON.parse(fs.readFileSync(path.join(trtexecDir, 'argv.json'), 'utf8'));
    assert.ok(
      argv.includes('--fp16') && argv.includes('--iterations=100') && argv.includes('--optShapes=data:4x3x224x224'),
      argv.join(' '),
    );

    await step('output channel', async () => {
      const output = page.locator('.part.panel .output-view, .part.panel .monaco-editor').first();
      await output.waitFor({ timeout: 15_000 });
      await page
        .locator('.part.panel .view-lines', { hasText: 'qps, median latency' })
        .first()
        .waitFor({ timeout: 15_000 });
    });

    await step('show on graph', async () => {
      await activeWebview().locator('button.show-on-graph').click();
      await page.locator('.tabs-container .tab.active', { hasText: 'squeezenet.onnx' }).waitFor({ timeout: 30_000 });
      // The graph editor opens beside the (retained) results view: its legend names the run.
      const legendIn = (i: number) =>
        page
          .frameLocator('iframe.webview.ready')
          .nth(i)
          .frameLocator('#active-frame')
          .locator('.legend-title', { hasText: 'trtexec time share: loopback gpu · fp16' })
          .waitFor({ timeout: 30_000 });
      await Promise.any([legendIn(0), legendIn(1)]);
      await screenshot('04-show-on-graph');
    });
  },
);

test(
  'Profile Matrix…: host, images, profiles and precision pickers; the results view shows a row per cell',
  { timeout: 240_000 },
  async () => {
    const runsBefore = fs.existsSync(path.join(trtexecDir, 'calls.jsonl'))
      ? fs.readFileSync(path.join(trtexecDir, 'calls.jsonl'), 'utf8').trim().split('\n').length
      : 0;
    await step('matrix pickers', async () => {
      await page
        .locator('.statusbar-item[id="modelready.modelready.modelready.readiness"]')
        .waitFor({ timeout: 60_000 });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('F1');
      await quickInput().locator('input').waitFor({ state: 'visible', timeout: 10_000 });
      await quickInput().locator('input').fill('>Profile Matrix');
      await pick('Profile Matrix');
      // With the model's graph as the active editor the command takes that model; otherwise it asks.
      await Promise.race([titled('which hosts?'), pick('models/squeezenet.onnx')]);
      await titled('which hosts?');
      await pick('matrix gpu'); // ticks its box
      await screenshot('05-matrix-hosts');
      await accept('which hosts?');
      await accept('container images'); // none: the host as configured
      await accept('which shape profiles?'); // both, picked by default
      await titled('Precision');
      await pick('fp16');
      await accept('Options');
      await accept('Timed iterations');
    });

    await step('matrix table', async () => {
      // The results view may sit in any of the open webviews (results, graph): look in each.
      const tableIn = (i: number) =>
        page
          .frameLocator('iframe.webview.ready')
          .nth(i)
          .frameLocator('#active-frame')
          .locator('table.matrix tbody tr:nth-child(2)')
          .waitFor({ timeout: 120_000 })
          .then(() => page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame'));
      const view = await Promise.any([0, 1, 2].map(tableIn));
      const rows = await view
        .locator('table.matrix tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
        );
      await screenshot('06-matrix-table');
      assert.deepEqual(
        rows.map((r) => r.slice(0, 2)),
        [
          ['matrix gpu', 'p1'],
          ['matrix gpu', 'p2'],
        ],
      );
      for (const row of rows)
        assert.ok(
          row.slice(2, 6).every((v) => /\d/.test(v)),
          `metrics in ${row.join(' | ')}`,
        );
      assert.match(await view.locator('header .meta').innerText(), /2 cells · all finished/);
    });
    const calls = fs.readFileSync(path.join(trtexecDir, 'calls.jsonl'), 'utf8').trim().split('\n').slice(runsBefore);
    const maxShapes = calls
      .map((l) => (JSON.parse(l) as string[]).find((a) => a.startsWith('--maxShapes')))
      .filter(Boolean);
    assert.deepEqual(maxShapes, ['--maxShapes=data:8x3x224x224', '--maxShapes=data:32x3x224x224']);
  },
);
