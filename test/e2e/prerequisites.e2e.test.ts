// Profiling and ONNX Runtime commands check what they need before asking for a model (issue 15 item 10), in a real
// VS Code (code-server + headless Chromium, the packaged extension, which ships without onnxruntime-node): a
// workspace with no GPU host and no ~/.ssh/config, trtexec (the recorded-run double) on PATH. Screenshots go to
// test/.tmp/e2e-screenshots (prerequisites-*).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sharedRoot } from '../profiling/corpus';
import { installTrtexecDouble } from '../profiling/ssh-harness';
import { openWorkbench, type OpenedWorkbench } from './code-server';
import { workbench } from './workbench';

let wb: OpenedWorkbench | undefined;
let home: string;
let trtexecDir: string;
let page: Page;

const screenshot = (name: string) => wb!.screenshot(name);
const step = (name: string, body: () => Promise<void>) => wb!.step(name, body);
const { runCommand, pick } = workbench(() => page);
const dialog = () => page.locator('.monaco-dialog-box');
const quickInputTitle = () => page.locator('.quick-input-widget .quick-input-title');

before(async () => {
  wb = await openWorkbench({
    name: 'prerequisites',
    pageOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
    prepare: (dirs) => {
      home = dirs.home;
      trtexecDir = path.join(home, 'tensorrt', 'bin');
      fs.mkdirSync(path.join(dirs.workspace, 'models'));
      installTrtexecDouble(trtexecDir, {
        version: '10.13.0',
        corpusRun: 'examples/pytorch/resnet/A100/fp16',
        prefix: 'resnet.onnx.engine',
        inputs: ['data'],
      });
      fs.copyFileSync(
        path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'),
        path.join(dirs.workspace, 'models/squeezenet.onnx'),
      );
      // code-server gives the extension host the login shell's environment: PATH comes from the user's profile, as it would.
      fs.appendFileSync(path.join(dirs.userHome, '.profile'), `export PATH='${trtexecDir}':"$PATH"\n`);
      // No ~/.ssh/config to suggest hosts from; trtexec found on PATH.
      return { PATH: `${trtexecDir}${path.delimiter}${process.env.PATH}` };
    },
  });
  page = wb.page;
  await step('extension activated', () =>
    page.locator('.statusbar-item[id="modelready.modelready.modelready.readiness"]').waitFor({ timeout: 60_000 }),
  );
});

after(() => wb?.close());

const dialogButton = (label: string) =>
  dialog().locator('.dialog-buttons a.monaco-button, .dialog-buttons button', { hasText: label }).first();
/** The buttons of the open dialog, by label. */
const dialogButtons = async (): Promise<string[]> =>
  (await dialog().locator('.dialog-buttons a.monaco-button, .dialog-buttons button').allInnerTexts()).map((t) =>
    t.trim(),
  );

test(
  'no GPU host: a modal before any model picker, "Use local trtexec" adds this machine and goes on',
  { timeout: 180_000 },
  async () => {
    await step('profile without a host', async () => {
      await runCommand('Profile with trtexec on remote GPU');
      await dialog().waitFor({ timeout: 30_000 });
      const text = await dialog().innerText();
      await screenshot('01-no-host');
      assert.match(text, /No GPU host to profile on/);
      assert.ok(text.includes(path.join(trtexecDir, 'trtexec')), text);
      const buttons = await dialogButtons();
      assert.ok(buttons.includes('Add GPU host…') && buttons.includes('Use local trtexec'), buttons.join(' | '));
      assert.equal(await quickInputTitle().isVisible(), false, 'no model picker behind the modal');
      await dialogButton('Use local trtexec').click();
    });
    await step('goes on to the model and host pickers', async () => {
      await pick('models/squeezenet.onnx');
      await pick('this machine');
      await quickInputTitle().filter({ hasText: 'Precision' }).waitFor({ timeout: 10_000 });
      await screenshot('02-local-host-picked');
      await page.keyboard.press('Escape');
    });
    // A machine-scoped setting written to the user settings lands in the server's Machine settings under code-server.
    const settings = JSON.parse(fs.readFileSync(path.join(home, 'user-data/Machine/settings.json'), 'utf8'));
    assert.deepEqual(settings['modelready.hosts'], [
      { name: 'this machine', local: true, trtexecPath: path.join(trtexecDir, 'trtexec') },
    ]);
  },
);

test(
  'ONNX Runtime missing: a modal with Install ONNX Runtime and Copy command, before any model picker',
  { timeout: 120_000 },
  async () => {
    await step('run without ONNX Runtime', async () => {
      await runCommand('Run with ONNX Runtime');
      await dialog().waitFor({ timeout: 30_000 });
      const text = await dialog().innerText();
      await screenshot('03-no-ort');
      assert.match(text, /ONNX Runtime \(npm onnxruntime-node@[\d.]+\) is not installed/);
      const buttons = await dialogButtons();
      assert.ok(buttons.includes('Install ONNX Runtime') && buttons.includes('Copy command'), buttons.join(' | '));
      assert.equal(await quickInputTitle().isVisible(), false, 'no model picker behind the modal');
      // (Install would run npm in a terminal; this machine has no registry to fetch from.)
      await dialogButton('Copy command').click();
    });
    await step('the install command is on the clipboard', async () => {
      await page
        .locator('.notifications-toasts', { hasText: 'install command is on the clipboard' })
        .waitFor({ timeout: 15_000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /^npm install --prefix ".+" .*onnxruntime-node@[\d.]+$/);
      await screenshot('04-copied');
    });
  },
);
