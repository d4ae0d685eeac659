// The profiles form (dist/profiles.js) in Debian's headless Chromium, in the very page the extension serves
// (strict CSP), with a stand-in acquireVsCodeApi wired to the extension's host logic and the server's
// editProfiles code: every message the form posts is checked, answered by the real server code, and its
// effect (.modelready.json, config.pbtxt) checked on disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { ProfilesFormSession } from '../../server/shape-profiles/form-host';
import { buildProfilesFormHtml } from '../../server/shape-profiles/form-html';
import { runEditProfiles } from '../../server/shape-profiles/service';
import type { ProfilesHostMessage } from '../../server/contract/shape-profiles';
import { generateConfigFromModel } from '../../server/triton/language';
import { readOnnxSignature } from '../../server/triton/validate/onnx-signature';
import { corpusOnnxDir, scratchDir } from '../support/paths';
import { applyEdits } from '../triton/helpers';
import { launchBrowser, serveWebviewPage, STAND_IN_API, type ServedPage } from './harness';

describe('profiles form in Chromium', () => {
  let browser: Browser;
  let served: ServedPage;
  let page: Page;
  let root: string;
  let modelFile: string;
  let configPbtxt: string;
  const toView: ProfilesHostMessage[] = [];
  const pageErrors: string[] = [];
  const refused: string[] = [];

  before(async () => {
    root = scratchDir('profiles-form');
    modelFile = path.join(root, 'repo/bert/1/model.onnx');
    fs.mkdirSync(path.dirname(modelFile), { recursive: true });
    fs.copyFileSync(path.join(corpusOnnxDir, 'bert_base_op14.onnx'), modelFile);
    configPbtxt = path.join(root, 'repo/bert/config.pbtxt');
    fs.writeFileSync(configPbtxt, generateConfigFromModel('bert', readOnnxSignature(modelFile)));
    served = await serveWebviewPage(
      (origin, nonce) => buildProfilesFormHtml({ nonce, cspSource: origin, scriptUri: `${origin}/profiles.js` }),
      ['profiles.js'],
    );
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    const modelUri = pathToFileURL(modelFile).href;
    // The editor applies the config edit (workspace/applyEdit) in the real extension; here the same edits are applied to the file.
    const send = async (params: Parameters<typeof runEditProfiles>[0]) => {
      const outcome = runEditProfiles(params, modelFile, { defaultRoot: root });
      if (outcome.configEdit)
        fs.writeFileSync(
          outcome.configEdit.configFile,
          applyEdits(fs.readFileSync(outcome.configEdit.configFile, 'utf8'), outcome.configEdit.edits),
        );
      return outcome.result;
    };
    const session = new ProfilesFormSession(modelUri, send, {
      post: (answer) => {
        toView.push(answer);
        void page.evaluate((m) => window.postMessage(m, '*'), answer as unknown as Record<string, unknown>);
      },
      onInvalid: (reason) => refused.push(reason),
    });
    await page.exposeBinding('__modelreadyHost', (_source, raw: unknown) => session.receive(raw));
    await page.addInitScript(STAND_IN_API);
    await page.goto(served.url);
    await page.waitForSelector('pre.trtexec');
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  const trtexecLine = () => page.locator('pre.trtexec').textContent();

  it("shows the proposal, its trtexec flags and the stanza for the folder's backend, with no CSP violation", async () => {
    assert.match((await page.locator('h1').textContent())!, /repo\/bert\/1\/model\.onnx/);
    assert.equal(
      await trtexecLine(),
      'trtexec --onnx=model.onnx --minShapes=input_ids:1x1,attention_mask:1x1 --optShapes=input_ids:8x128,attention_mask:8x128 --maxShapes=input_ids:32x512,attention_mask:32x512',
    );
    assert.match(
      (await page.locator('pre.stanza').textContent())!,
      /trt_profile_min_shapes/,
      "the folder's config uses onnxruntime",
    );
    assert.equal(await page.locator('vscode-textfield').count(), 6, 'min/opt/max for two inputs');
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.slice()),
      [],
    );
    assert.deepEqual(pageErrors, []);
  });

  it('editing a field previews through the server; a shared dim edited on one input only is reported', async () => {
    const field = page.locator('vscode-textfield[data-input="input_ids"][data-kind="opt"]');
    await field.evaluate((el: HTMLElement & { value: string }) => {
      el.value = '8x256';
      el.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.getElementById('problems')!.textContent!.includes('shared by inputs'));
    assert.match((await trtexecLine())!, /--optShapes=input_ids:8x256,attention_mask:8x128/);
    const other = page.locator('vscode-textfield[data-input="attention_mask"][data-kind="opt"]');
    await other.evaluate((el: HTMLElement & { value: string }) => {
      el.value = '8x256';
      el.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.getElementById('problems')!.children.length === 0);
  });

  it('strategy + Add profile appends a second profile; Save writes .modelready.json', async () => {
    await page.locator('#strategy').evaluate((el: HTMLElement & { value: string }) => {
      el.value = 'static';
      el.dispatchEvent(new Event('change'));
    });
    await page.locator('#add-profile').click();
    await page.waitForFunction(() => document.querySelector('pre.trtexec')!.textContent!.includes('--profile=1'));
    await page.locator('#save').click();
    await page.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('Saved 2 profile(s)'));
    const saved = JSON.parse(fs.readFileSync(path.join(root, '.modelready.json'), 'utf8')).profiles[
      'repo/bert/1/model.onnx'
    ];
    assert.deepEqual(
      saved.map((p: { input_ids: { opt: number[] } }) => p.input_ids.opt),
      [
        [8, 256],
        [32, 512],
      ],
    );
  });

  it("Apply to config.pbtxt writes the stanza into the folder's config", async () => {
    await page.locator('#apply').click();
    await page.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('Applied to'));
    assert.match(
      fs.readFileSync(configPbtxt, 'utf8'),
      /key: "trt_profile_opt_shapes" value: "input_ids:8x256,attention_mask:8x256,input_ids:32x512,attention_mask:32x512"/,
    );
  });

  it('malformed messages from the page are refused before reaching the server', async () => {
    const before = fs.readFileSync(path.join(root, '.modelready.json'), 'utf8');
    const count = toView.length;
    for (const bad of [
      { type: 'profiles/save', profiles: [{ input_ids: { min: [-1], opt: [1], max: [1] } }] },
      { type: 'profiles/save', profiles: 'all' },
      { type: 'profiles/run', cmd: 'rm -rf /' },
      { type: 'profiles/applyToConfig', profiles: [], backend: 'python' },
    ]) {
      await page.evaluate(
        (m) =>
          (window as unknown as { acquireVsCodeApi(): { postMessage(x: unknown): void } })
            .acquireVsCodeApi()
            .postMessage(m),
        bad,
      );
    }
    await page.waitForFunction(
      (n) => document.getElementById('status')!.textContent!.includes('malformed') && n > 0,
      count,
    );
    assert.deepEqual(
      toView.slice(count).map((m) => m.type),
      ['profiles/error', 'profiles/error', 'profiles/error', 'profiles/error'],
    );
    assert.equal(refused.length, 4, 'each refusal is reported to the host (the extension logs it)');
    assert.equal(fs.readFileSync(path.join(root, '.modelready.json'), 'utf8'), before);
  });
});
