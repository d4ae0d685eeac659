// The graph view in Debian's headless Chromium (subgraphs, split groups, hostile names, accessibility): the built bundle in the page the extension
// serves (strict CSP), hosted by the real GraphSession over real models and the real rules' findings. One browser per
// file; each test opens its own page. Screenshots go to test/.tmp/screens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readOnnxModel } from '../../server/onnx/reader';
import { onnxTestdataDir } from '../support/paths';
import { HOSTILE, hostileModel, wideModel } from './models';
import {
  FASTERRCNN,
  assertNoViewErrors,
  dataset,
  fit,
  frames,
  open,
  screenshot,
  served,
  until,
  useBrowser,
  waitSelected,
} from './graph-view-support';

describe('graph view: subgraphs, split groups, hostile names, accessibility', { timeout: 150_000 }, () => {
  useBrowser();

  test('If, Loop and Scan bodies open as graphs of their own (double click, panel button, Enter) and Back returns', async () => {
    const cases = [
      { file: 'test_if', how: 'dblclick' },
      { file: 'test_loop11', how: 'button' },
      { file: 'test_scan9_sum', how: 'enter' },
    ];
    for (const c of cases) {
      const view = await open(path.join(onnxTestdataDir, 'node', c.file, 'model.onnx'));
      const graph = view.session.main;
      const owner = graph.nodes.find((n) => n.subgraphs.length > 0)!;
      const attribute = owner.subgraphs[0];
      const key = `g.box[data-key="n${owner.id}"]`;
      if (c.how === 'dblclick') await view.page.dblclick(key);
      else {
        await view.page.click(key);
        await waitSelected(view.page, `n${owner.id}`);
        if (c.how === 'button') await view.page.click(`.side-panel vscode-button[data-subgraph="${attribute}"]`);
        else {
          await view.page.focus('.canvas-host');
          await view.page.keyboard.press('Enter');
        }
      }
      await view.settled();
      const sub = readOnnxModel(path.join(onnxTestdataDir, 'node', c.file, 'model.onnx')).graph!.nodes[
        owner.id - graph.nodes.filter((n) => n.kind === 'input').length
      ];
      const body = sub.attributes.find((a) => a.name === attribute)!.g!;
      assert.ok((await view.page.textContent('.toolbar .title'))!.endsWith(`› ${attribute}`), c.file);
      const data = await dataset(view.page);
      assert.equal(
        Number(data.totalNodes),
        body.nodes.length + body.inputs.length + body.outputs.length,
        `${c.file}: the body's nodes and its inputs/outputs`,
      );
      assert.equal(await view.page.isVisible('button[data-action=back]'), true);
      await screenshot(view.page, `subgraph-${c.file}`);
      await view.page.click('button[data-action=back]');
      await view.settled();
      assert.equal(Number((await dataset(view.page)).totalNodes), graph.nodes.length);
      assertNoViewErrors(view);
      await view.page.close();
    }
  });

  test('a group with more children than one layout may hold is split into parts of at most 500', async () => {
    const view = await open(wideModel(1300));
    const graph = view.session.main;
    const parts = graph.content(0)!.childGroups.map((g) => graph.group(g)!.label);
    assert.deepEqual(
      parts,
      parts.map((_, i) => `part ${i + 1} of ${parts.length}`),
    );
    assert.ok(parts.length >= 3);
    await fit(view);
    // Parts alone would be a first screen of a handful of boxes: the first part is open, the others collapsed.
    const titles = await view.page.$$eval('g.box.group text.title, g.box.frame text.title', (els) =>
      els.map((e) => e.textContent),
    );
    assert.deepEqual(titles.sort(), [...parts].sort());
    await view.page.click('button[data-action=expand-all]');
    await view.settled();
    const data = await dataset(view.page);
    assert.equal(Number(data.sceneNodes), 1302);
    assert.ok(Number(data.largestLayout) <= 500, `largest layout ${data.largestLayout}`);
    // 1302 boxes on screen after Fit: too many for SVG, the canvas draws them (its picture in slices).
    await fit(view);
    await view.page.waitForFunction(
      () => document.querySelector('.canvas-host')!.getAttribute('data-render-mode') === 'canvas',
    );
    await view.page.waitForFunction(
      () => {
        const c = document.querySelector('canvas.graph-canvas') as HTMLCanvasElement;
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return painted > 500;
      },
      undefined,
      { timeout: 10_000 },
    );
    assert.equal(
      await view.page.locator('svg.graph g.viewport').getAttribute('display'),
      'none',
      'the SVG drawing is hidden while the canvas draws',
    );
    await screenshot(view.page, 'wide-expanded');
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('hostile names are shown as text, never run; CSP allows no inline script and no remote load', async () => {
    const file = hostileModel();
    const view = await open(file);
    await view.page.click('button[data-action=expand-all]');
    await view.settled();
    await fit(view);
    const graph = view.session.main;
    const evil = graph.nodes.find((n) => n.name === HOSTILE.node)!;
    await view.page.click(`g.box[data-key="n${evil.id}"]`);
    await waitSelected(view.page, `n${evil.id}`);
    await view.page.fill('input.search', 'img');
    await view.page.waitForSelector('.search-results button');
    await view.page.hover(`g.box[data-key="n${evil.id}"]`);
    await screenshot(view.page, 'hostile-names');
    const texts = await view.page.evaluate(
      () => document.body.innerText + document.querySelector('svg.graph')!.textContent,
    );
    for (const s of [HOSTILE.node, HOSTILE.op, JSON.stringify(HOSTILE.attribute), HOSTILE.graph])
      assert.ok(texts.includes(s), `shown as text: ${s}`);
    assert.equal(
      await view.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
      undefined,
      'no injected handler ran',
    );
    assert.equal(
      await view.page.locator('img, svg.graph svg, b, script:not([nonce])').count(),
      0,
      'no element was created from a model string',
    );
    await view.page.click('button[data-action=export-svg]');
    await until(() => view.exports.length === 1);
    const svg = view.exports[0].data;
    assert.ok(
      !svg.includes('<img') && !svg.includes('<script') && svg.includes('&lt;img src=x onerror='),
      'the export escapes names',
    );

    // The page as served: the CSP and every script tag.
    const html = await (await fetch(served.url)).text();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/
      .exec(html)![1]
      .replace(/&#39;/g, "'")
      .replace(/&apos;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!127\.0\.0\.1)/);
    const scripts = html.match(/<script\b[^>]*>/g)!;
    assert.ok(
      scripts.length > 0 && scripts.every((s) => / nonce="[^"]{16,}"/.test(s) && / src="/.test(s)),
      'only nonce-carrying external scripts',
    );
    const origin = new URL(served.url).origin;
    assert.deepEqual(
      view.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')),
      [],
      'nothing loaded from elsewhere',
    );
    assert.deepEqual(await view.cspViolations(), []);
    // The policy is enforced: an injected inline script and a remote image are refused (and reported).
    await view.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      const img = document.createElement('img');
      img.src = 'https://example.invalid/x.png';
      document.body.append(img);
    });
    await view.page.waitForFunction(
      () => (window as unknown as { __cspViolations: string[] }).__cspViolations.length >= 2,
    );
    assert.equal(await view.page.evaluate(() => (window as unknown as { __inline?: number }).__inline), undefined);
    const violations = await view.cspViolations();
    assert.ok(
      violations.some((v) => v.startsWith('script-src')) && violations.some((v) => v.startsWith('img-src')),
      violations.join(),
    );
    await view.page.close();
  });

  test('axe-core finds no accessibility violations in the view with a node selected and search results open', async () => {
    const view = await open(FASTERRCNN);
    // The first problem node (findings about the whole model come first in the walk).
    for (let i = 0; i < 10 && !(await dataset(view.page)).selected?.startsWith('n'); i++) {
      await view.page.click('button[data-action=next-problem]');
      await frames(view.page);
    }
    await view.page.waitForFunction(() => document.querySelector('.side-panel .node-name') !== null);
    await view.page.fill('input.search', 'conv');
    await view.page.waitForSelector('.search-results button');
    // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
    await view.page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await view.page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run(c: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe.run(document);
      return result.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' ') + ' ' + (n as unknown as { failureSummary: string }).failureSummary)
            .join(', ')}`,
      );
    });
    assert.deepEqual(violations, []);
    await view.page.close();
  });
});
