// The graph view in Debian's headless Chromium (side panel, overlays and export, themes): the built bundle in the page the extension
// serves (strict CSP), hosted by the real GraphSession over real models and the real rules' findings. One browser per
// file; each test opens its own page. Screenshots go to test/.tmp/screens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { opDocsFor } from '../../server/graph/op-docs';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusOnnxDir } from '../support/paths';
import { THEMES, applyTheme, type ThemeKind } from './themes';
import {
  BERT,
  FASTERRCNN,
  SCREENS,
  assertNoViewErrors,
  drawn,
  fit,
  frames,
  open,
  screenshot,
  until,
  useBrowser,
  waitSelected,
} from './graph-view-support';

describe('graph view: side panel, overlays and export, themes', { timeout: 150_000 }, () => {
  useBrowser();

  test('side panel: op, name, inputs/outputs with shapes, attributes, op docs from the schemas, quick fix posts graph/applyFix', async () => {
    const view = await open(FASTERRCNN);
    const graph = view.session.main;
    const model = readOnnxModel(FASTERRCNN);
    const conv = graph.nodes.find((n) => n.op === 'Conv' && n.attributes.length >= 4 && n.inputs.some((p) => p.shape))!;
    await view.post({ type: 'graph/reveal', nodeName: conv.name });
    await waitSelected(view.page, `n${conv.id}`);
    const panel = view.page.locator('.side-panel');
    assert.equal(await panel.locator('h2.op').textContent(), 'Conv');
    assert.equal(await panel.locator('.node-name').textContent(), conv.name);
    const ports = await panel.locator('.port').evaluateAll((els) =>
      els.map((e) => ({
        tensor: e.querySelector('.tensor')!.textContent,
        type: e.querySelector('.type')?.textContent ?? null,
      })),
    );
    assert.deepEqual(
      ports.map((p) => p.tensor),
      [...conv.inputs, ...conv.outputs].map((p) => p.tensor),
    );
    [...conv.inputs, ...conv.outputs].forEach((p, i) => {
      if (p.shape)
        assert.ok(
          ports[i].type?.includes(p.shape) && ports[i].type?.includes(p.dtype!),
          `${p.tensor}: ${ports[i].type}`,
        );
    });
    assert.ok((await panel.locator('.port vscode-badge').count()) > 0, 'weights are marked as initializers');
    const attributes = await panel
      .locator('dl.attributes')
      .evaluate((dl) =>
        [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]),
      );
    assert.deepEqual(
      attributes,
      conv.attributes.map((a) => [a.name, a.value]),
    );
    const docs = opDocsFor(model, 'Conv', '')!;
    await view.page.waitForFunction(
      (text) => document.querySelector('.side-panel .docs')?.textContent === text,
      `${docs.summary} (since opset ${docs.sinceVersion})`,
    );
    assert.ok(
      await view.page.evaluate(
        () =>
          customElements.get('vscode-collapsible') !== undefined &&
          document.querySelector('.side-panel vscode-collapsible')!.shadowRoot !== null,
      ),
      'sections are @vscode-elements/elements components',
    );
    await screenshot(view.page, 'panel-conv');

    // A node whose finding has a quick fix: the button posts graph/applyFix, checked by the host's validator.
    const fixable = graph.diagnostics.find((d) => d.node >= 0 && d.fixes.length > 0)!;
    const node = graph.nodes[fixable.node];
    await view.post({ type: 'graph/reveal', nodeName: node.name });
    await waitSelected(view.page, `n${node.id}`);
    const problemsText = await panel.locator('.diagnostic').first().textContent();
    assert.ok(problemsText!.includes(fixable.ruleId) && problemsText!.includes(fixable.message));
    await screenshot(view.page, 'panel-quick-fix');
    await panel.locator(`vscode-button[data-fix="${fixable.fixes[0].id}"]`).first().click();
    await until(() => view.fixes.length > 0);
    assert.deepEqual(view.fixes, [{ nodeName: node.name, ruleId: fixable.ruleId, fixId: fixable.fixes[0].id }]);
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('in a narrow split the side panel shows whole quick fix buttons, in all four theme kinds', async () => {
    // BERT's findings about the whole model include the longest fix title ("Add an optimization profile to …").
    const view = await open(BERT, { width: 600, height: 520 });
    await view.page.click('button[data-action=toggle-panel]');
    const buttons = view.page.locator('.side-panel vscode-button');
    assert.ok((await buttons.count()) > 0, 'the panel offers quick fixes for the whole model');
    const titles = await buttons.allTextContents();
    assert.ok(
      titles.some((t) => t.includes('optimization profile')),
      titles.join(' | '),
    );
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await frames(view.page);
      // Nothing in the panel is wider than the panel (long tensor names wrap), so nothing scrolls sideways.
      assert.ok(
        await view.page.$eval('.side-panel', (p) => p.scrollWidth <= p.clientWidth + 1),
        `${kind}: the panel has no horizontal overflow`,
      );
      // Each button, and the label inside its shadow root, lies wholly inside the panel's box; nothing is clipped.
      const boxes = await buttons.evaluateAll((els) => {
        const panel = document.querySelector('.side-panel')!.getBoundingClientRect();
        return els.flatMap((b) => {
          const inner = b.shadowRoot?.querySelector('[part=base]') ?? b;
          return [b, inner].map((e) => {
            const r = e.getBoundingClientRect();
            return {
              text: b.textContent,
              inside: r.width > 0 && r.left >= panel.left - 0.5 && r.right <= panel.right + 0.5,
              clipped: e.scrollWidth > e.clientWidth + 1,
            };
          });
        });
      });
      await buttons.filter({ hasText: 'optimization profile' }).first().scrollIntoViewIfNeeded();
      await screenshot(view.page, `panel-narrow-fix-${kind}`);
      for (const b of boxes) assert.ok(b.inside && !b.clipped, `${kind}: ${JSON.stringify(b)}`);
    }
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('a long URL in the op docs wraps inside a narrow side panel, in all four theme kinds', async () => {
    const view = await open(BERT, { width: 600, height: 520 });
    await view.page.click('button[data-action=toggle-panel]');
    const model = readOnnxModel(BERT);
    const docs = opDocsFor(model, 'Slice', '')!;
    const url = docs.summary.match(/https?:\/\/\S+/)?.[0];
    assert.ok(url && url.length > 60, `Slice's docs quote a long URL: ${url}`);
    const slice = view.session.main.nodes.find((n) => n.op === 'Slice')!;
    await view.post({ type: 'graph/reveal', nodeName: slice.name });
    await waitSelected(view.page, `n${slice.id}`);
    await view.page.waitForFunction(
      (u) => document.querySelector('.side-panel .docs')?.textContent?.includes(u) === true,
      url,
    );
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await frames(view.page);
      await view.page.locator('.side-panel .docs').scrollIntoViewIfNeeded();
      await screenshot(view.page, `panel-docs-url-${kind}`);
      const fits = await view.page.$eval('.side-panel', (p) => {
        const docsBox = p.querySelector('.docs')!.getBoundingClientRect();
        const box = p.getBoundingClientRect();
        return { overflow: p.scrollWidth - p.clientWidth, inside: docsBox.right <= box.right + 0.5 };
      });
      assert.ok(fits.overflow <= 1 && fits.inside, `${kind}: the docs stay inside the panel ${JSON.stringify(fits)}`);
    }
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('overlays colour nodes by value with a legend and a toggle; export posts SVG and PNG of the view', async () => {
    const view = await open(path.join(corpusOnnxDir, 'squeezenet_op9.onnx'));
    const graph = view.session.main;
    await fit(view);
    const drawnNodes = (await drawn(view.page))
      .filter((b) => b.kind === 'node')
      .map((b) => graph.nodes[Number(b.key.slice(1))])
      .filter((n) => n.kind === 'op');
    const [hot, cold, mid] = drawnNodes;
    await view.post({
      type: 'graph/overlay',
      overlay: { title: 'Time share', kind: 'numeric', values: { [hot.name]: 1, [cold.name]: 0, [mid.name]: 0.5 } },
    });
    await frames(view.page);
    const fill = (id: number): Promise<string> =>
      view.page.$eval(`g.box[data-key="n${id}"] rect`, (r) => getComputedStyle(r).fill);
    assert.equal(await fill(hot.id), 'rgb(217, 72, 1)');
    assert.equal(await fill(cold.id), 'rgb(255, 245, 235)');
    const plain = await fill(drawnNodes[3].id);
    assert.notEqual(plain, await fill(mid.id));
    assert.equal(await view.page.isVisible('.legend'), true);
    assert.deepEqual(await view.page.$$eval('.legend .legend-item', (els) => els.map((e) => e.textContent)), [
      '0%',
      '25%',
      '50%',
      '75%',
      '100%',
    ]);
    assert.equal(await view.page.textContent('.legend-title'), 'Time share');
    // Shares of a big model are small: the ramp spans 0 to the largest, which is drawn darkest, and the legend says so.
    const midFill = await fill(mid.id);
    await view.post({
      type: 'graph/overlay',
      overlay: { title: 'Time share', kind: 'numeric', values: { [hot.name]: 0.04, [cold.name]: 0, [mid.name]: 0.02 } },
    });
    await frames(view.page);
    assert.equal(await fill(hot.id), 'rgb(217, 72, 1)');
    assert.equal(await fill(mid.id), midFill);
    assert.deepEqual(await view.page.$$eval('.legend .legend-item', (els) => els.map((e) => e.textContent)), [
      '0.0%',
      '1.0%',
      '2.0%',
      '3.0%',
      '4.0%',
    ]);
    await screenshot(view.page, 'overlay-numeric');
    await view.page.uncheck('.overlay-toggle input');
    await frames(view.page);
    assert.equal(await view.page.isVisible('.legend'), false);
    assert.equal(await fill(hot.id), plain, 'overlay off: the theme fill is back');
    await view.page.check('.overlay-toggle input');
    await view.post({
      type: 'graph/overlay',
      overlay: { title: 'Precision', kind: 'category', values: { [hot.name]: 'FP16', [cold.name]: 'INT8' } },
    });
    await frames(view.page);
    assert.deepEqual(await view.page.$$eval('.legend .legend-item', (els) => els.map((e) => e.textContent)), [
      'FP16',
      'INT8',
    ]);
    assert.equal(await fill(hot.id), 'rgb(78, 121, 167)'); // d3 schemeTableau10[0]
    await view.post({ type: 'graph/overlay', overlay: null });
    await frames(view.page);
    assert.equal(await view.page.isVisible('.legend'), false);

    await view.page.click('button[data-action=export-svg]');
    await view.page.click('button[data-action=export-png]');
    await until(() => view.exports.length === 2);
    assert.deepEqual(
      view.exports.map((e) => e.format),
      ['svg', 'png'],
    );
    const svg = view.exports[0].data;
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const n of drawnNodes) assert.ok(svg.includes(`data-key="n${n.id}"`), `exported SVG holds ${n.name}`);
    const png = Buffer.from(view.exports[1].data.replace(/^data:image\/png;base64,/, ''), 'base64');
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.ok(
      png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100,
      `PNG is ${png.readUInt32BE(16)}×${png.readUInt32BE(20)}`,
    );
    fs.writeFileSync(path.join(SCREENS, 'export.png'), png);
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('theme: light, dark and high contrast come from the VS Code CSS variables, also in the export', async () => {
    const view = await open(FASTERRCNN);
    await fit(view);
    const marked = (await drawn(view.page)).find((b) => b.kind === 'group' && b.severity === 'warning')!;
    assert.ok(marked, 'a warning mark is drawn');
    const unmarked = (await drawn(view.page)).find((b) => b.kind === 'node' && !b.severity)!;
    const style = (key: string): Promise<{ fill: string; stroke: string; bg: string }> =>
      view.page.$eval(`g.box[data-key="${key}"] rect`, (r) => ({
        fill: getComputedStyle(r).fill,
        stroke: getComputedStyle(r).stroke,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
    const light = await style(marked.key);
    assert.equal(light.bg, 'rgb(255, 255, 255)');
    assert.equal(light.stroke, 'rgb(191, 136, 3)', 'without a theme: the fallback warning colour');
    await screenshot(view.page, 'theme-light');
    await applyTheme(view.page, 'dark');
    await frames(view.page);
    const dark = await style(marked.key);
    assert.equal(dark.bg, 'rgb(31, 31, 31)');
    assert.equal(dark.stroke, 'rgb(204, 167, 0)', 'warning mark in the theme’s warning colour');
    assert.equal(dark.fill, 'rgb(24, 24, 24)', 'collapsed groups take the side bar background');
    await screenshot(view.page, 'theme-dark');
    await view.page.click('button[data-action=export-svg]');
    await until(() => view.exports.length === 1);
    assert.ok(
      view.exports[0].data.includes('#1f1f1f') && view.exports[0].data.includes('#cca700'),
      'the export uses the theme',
    );

    await applyTheme(view.page, 'hc-dark');
    await frames(view.page);
    assert.equal(
      (await style(unmarked.key)).stroke,
      'rgb(111, 195, 223)',
      'high contrast: boxes take the contrast border',
    );
    assert.equal((await style(marked.key)).stroke, 'rgb(255, 211, 112)', 'marks keep the warning colour');
    await screenshot(view.page, 'theme-high-contrast');
    assert.deepEqual(await view.cspViolations(), []);
    assertNoViewErrors(view);
    await view.page.close();
  });
});
