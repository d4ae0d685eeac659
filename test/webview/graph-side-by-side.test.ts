// The side-by-side diff in headless Chromium: the edited pair (one edit of each kind) with a node of B renamed as
// well, hosted by the real DiffGraphSession over the real diff, model A read by the session when the toggle asks.
// Two panes drawn by the graph view's renderer; zoom follows through matched nodes; a click selects and reveals the
// twin (the renamed node included); n/p move both panes; a group opened or closed in one is in the other; the panes'
// messages go through the validator; screenshots in the four themes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { SideBySideInfo } from '../../server/contract/graph-view';
import type { ModelDiffView } from '../../server/contract/model-diff';
import { diffFiles } from '../../server/diff/diff-files';
import { DiffGraphSession } from '../../server/graph/diff-session';
import { readOnnxModel } from '../../server/onnx/reader';
import { EDITED_PAIR, editedPair } from '../diff/edited-pair';
import { BASE_MODEL, writeWithIdentity } from '../diff/with-identity';
import { debianPython, scratchDir } from '../support/paths';
import { assertNoViewErrors, browser, frames, screenshot, served, useBrowser } from './graph-view-support';
import { openModel, type ViewUnderTest } from './harness';
import { applyTheme, THEMES, type ThemeKind } from './themes';

useBrowser();

const RENAMED = { a: '/encoder/fc1/Gemm', b: '/encoder/fc1/Gemm_renamed' };

/** The edited pair with one more edit to B: a node renamed (the diff matches it by structure and weights). */
function renamedPair(): { a: string; b: string } {
  const pair = editedPair();
  const b = path.join(path.dirname(pair.b), 'b-renamed.onnx');
  const script = `import sys, onnx
m = onnx.load(sys.argv[1])
next(n for n in m.graph.node if n.name == sys.argv[3]).name = sys.argv[4]
onnx.save(m, sys.argv[2])`;
  const run = spawnSync(debianPython, ['-c', script, pair.b, b, RENAMED.a, RENAMED.b], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return { a: pair.a, b };
}

type Side = 'a' | 'b';
const pane = (side: Side) => `.side-pane[data-side=${side}]`;

/** Waits until both panes have drawn and are not busy, and the boxes `drawn` (selector -> key) are drawn. */
async function waitPanes(page: Page, drawn: [string, string][] = []): Promise<void> {
  await page.waitForFunction(
    (boxes) =>
      [...document.querySelectorAll<HTMLElement>('.side-pane')].every(
        (p) => p.dataset.renderSeq && p.dataset.busy === undefined,
      ) && boxes.every(([sel, key]) => document.querySelector(`${sel} svg.graph g.box[data-key="${key}"]`)),
    drawn,
    { timeout: 20_000 },
  );
  await frames(page);
}

const selected = (page: Page, side: Side) => page.$eval(pane(side), (e) => (e as HTMLElement).dataset.selected ?? null);

async function waitSelectedIn(page: Page, side: Side, key: string | null): Promise<void> {
  await page.waitForFunction(
    ([sel, k]) => (document.querySelector<HTMLElement>(sel)!.dataset.selected ?? null) === k,
    [pane(side), key] as const,
    { timeout: 20_000 },
  );
  await waitPanes(page);
}

/** A pane's zoom transform, as the renderer set it on its viewport. */
async function transformOf(page: Page, side: Side): Promise<{ x: number; y: number; k: number }> {
  const text = await page.$eval(`${pane(side)} svg.graph g.viewport`, (g) => g.getAttribute('transform') ?? '');
  const [x, y, k] = (text.match(/-?\d+(\.\d+)?(e[+-]?\d+)?/g) ?? ['0', '0', '1']).map(Number);
  return { x, y, k: k ?? 1 };
}

/** Screen centre of a drawn box relative to its pane's graph area (undefined when not drawn). */
async function centreOf(page: Page, side: Side, key: string): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate(
    ([sel, k]) => {
      const host = document.querySelector(`${sel} .side-pane-host`)!.getBoundingClientRect();
      const box = document.querySelector(`${sel} svg.graph g.box[data-key="${k}"] rect`)?.getBoundingClientRect();
      return box && { x: box.x + box.width / 2 - host.x, y: box.y + box.height / 2 - host.y };
    },
    [pane(side), key],
  );
}

describe('graph view, diff mode side by side', () => {
  let pair: { a: string; b: string };
  let diff: ModelDiffView;
  let view: ViewUnderTest;
  let info: SideBySideInfo;
  const idIn = (side: Side, name: string) => info[side].skeleton.index.names.indexOf(name);

  before(async () => {
    pair = renamedPair();
    const result = diffFiles(pair.a, pair.b);
    assert.ok(result.ok);
    diff = result.view;
    view = await openModel(browser, served, pair.b, {
      session: (hooks) =>
        new DiffGraphSession(readOnnxModel(pair.b), diff, { a: 'a.onnx', b: 'b.onnx' }, hooks, () =>
          readOnnxModel(pair.a),
        ),
    });
    await view.page.waitForSelector('.diff-bar:not([hidden]) button[data-action=side-by-side]');
  });

  it('the toggle shows A and B in two panes instead of the overlaid graph', async () => {
    const { page } = view;
    assert.equal(await page.$(pane('a')), null, 'no panes before the toggle');
    await page.click('button[data-action=side-by-side]');
    await waitPanes(page);
    const sent = view.toView.find((m) => m.type === 'graph/sideBySide');
    assert.ok(sent?.type === 'graph/sideBySide', 'the host answered with both graphs');
    info = sent.panes;
    assert.equal(await page.getAttribute('button[data-action=side-by-side]', 'aria-pressed'), 'true');
    assert.equal(await page.isVisible('.canvas-host:not(.side-pane-host)'), false, 'overlaid graph hidden');
    for (const side of ['a', 'b'] as Side[]) {
      assert.ok(await page.isVisible(`${pane(side)} svg.graph`), `pane ${side} drawn`);
      assert.match((await page.textContent(`${pane(side)} .side-pane-title`))!, new RegExp(`${side}\\.onnx`));
    }
    const nodesIn = (side: Side) =>
      page.$$eval(`${pane(side)} svg.graph g.box.node`, (els) => els.map((e) => e.getAttribute('data-key')));
    // Each pane draws its own model: the removed Softmax only in A, the added Sigmoid only in B.
    assert.ok((await nodesIn('a')).includes(`n${idIn('a', EDITED_PAIR.removed[0])}`));
    assert.equal(idIn('b', EDITED_PAIR.removed[0]), -1);
    assert.ok((await nodesIn('b')).includes(`n${idIn('b', EDITED_PAIR.added[0])}`));
    assert.equal(idIn('a', EDITED_PAIR.added[0]), -1);
    // The matching: every matched node pair plus the graph input and output, the renamed node among them.
    assert.equal(info.pairs.length, diff.diff.matched + 2);
    assert.ok(info.pairs.some(([a, b]) => a === idIn('a', RENAMED.a) && b === idIn('b', RENAMED.b)));
    // Colours as in the overlay: removed in A, added in B, changed in both, the renamed node plain.
    const fill = (side: Side, name: string) =>
      page.$eval(
        `${pane(side)} svg.graph g.box[data-key="n${idIn(side, name)}"] rect`,
        (r) => getComputedStyle(r).fill,
      );
    const removed = await fill('a', EDITED_PAIR.removed[0]);
    const added = await fill('b', EDITED_PAIR.added[0]);
    const changed = [await fill('a', EDITED_PAIR.changed[0]), await fill('b', EDITED_PAIR.changed[0])];
    const plain = [await fill('a', RENAMED.a), await fill('b', RENAMED.b)];
    assert.equal(changed[0], changed[1]);
    assert.equal(plain[0], plain[1]);
    assert.equal(new Set([removed, added, changed[0], plain[0]]).size, 4, 'four distinct fills');
    const swatches = await page.$$eval('.diff-legend .diff-swatch', (els) =>
      Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.status, getComputedStyle(e).backgroundColor])),
    );
    assert.deepEqual(swatches, { added, removed, changed: changed[0] });
  });

  it('zoom and pan follow through matched nodes', async () => {
    const { page } = view;
    const before = await transformOf(page, 'b');
    const host = (await page.$(`${pane('a')} .side-pane-host`))!;
    const r = (await host.boundingBox())!;
    await page.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.45);
    await page.mouse.wheel(0, -360);
    await page.waitForFunction(
      ([k]) => {
        const t = document.querySelector('.side-pane[data-side=b] g.viewport')!.getAttribute('transform') ?? '';
        return !t.includes(`scale(${k})`);
      },
      [before.k],
      { timeout: 10_000 },
    );
    await frames(page);
    const [ta, tb] = [await transformOf(page, 'a'), await transformOf(page, 'b')];
    assert.ok(ta.k > before.k, `pane A zoomed in (${before.k} -> ${ta.k})`);
    assert.ok(Math.abs(ta.k - tb.k) < 1e-9, `same scale: ${ta.k} / ${tb.k}`);
    // Some matched pair sits at the same place on screen in both panes (the anchor of the sync).
    let closest = Infinity;
    for (const [a, b] of info.pairs) {
      const [ca, cb] = [await centreOf(page, 'a', `n${a}`), await centreOf(page, 'b', `n${b}`)];
      if (ca && cb) closest = Math.min(closest, Math.hypot(ca.x - cb.x, ca.y - cb.y));
    }
    assert.ok(closest < 1, `a matched pair aligned on screen (off by ${closest} px)`);
    // Panning B moves A likewise.
    const hb = (await (await page.$(`${pane('b')} .side-pane-host`))!.boundingBox())!;
    const tA = await transformOf(page, 'a');
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(hb.x + hb.width / 2 + 60, hb.y + hb.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    await frames(page);
    const tA2 = await transformOf(page, 'a');
    assert.ok(Math.abs(tA2.x - tA.x - 60) < 1 && Math.abs(tA2.y - tA.y - 40) < 1, JSON.stringify([tA, tA2]));
  });

  it('selecting a node selects and reveals its twin, a renamed one included; the panel shows the change', async () => {
    const { page } = view;
    const click = async (side: Side, name: string) => {
      await page.click(`${pane(side)} svg.graph g.box[data-key="n${idIn(side, name)}"]`);
    };
    await page.click('button[data-action=fit]');
    await waitPanes(page);
    await click('a', RENAMED.a);
    await waitSelectedIn(page, 'b', `n${idIn('b', RENAMED.b)}`);
    assert.equal(await selected(page, 'a'), `n${idIn('a', RENAMED.a)}`);
    assert.match((await page.textContent('.side-panel'))!, /\/encoder\/fc1\/Gemm(?!_renamed)/);
    await click('b', EDITED_PAIR.changed[0]);
    await waitSelectedIn(page, 'a', `n${idIn('a', EDITED_PAIR.changed[0])}`);
    assert.match(await page.$eval('.side-panel .diff-details', (e) => e.textContent!), /alpha: 0\.1\d* -> 0\.25/);
    // The twin is centred in its pane.
    const c = (await centreOf(page, 'a', `n${idIn('a', EDITED_PAIR.changed[0])}`))!;
    const size = (await (await page.$(`${pane('a')} .side-pane-host`))!.boundingBox())!;
    assert.ok(Math.abs(c.x - size.width / 2) < 2 && Math.abs(c.y - size.height / 2) < 2, JSON.stringify(c));
    // A node with no twin: the other pane's selection goes.
    await page.click('button[data-action=fit]');
    await waitPanes(page);
    await click('b', EDITED_PAIR.added[0]);
    await waitSelectedIn(page, 'a', null);
    assert.match(await page.$eval('.side-panel .diff-details', (e) => e.textContent!), /^Added: only in b\.onnx/);
    assertNoViewErrors(view);
  });

  it('n / p and the buttons move both panes through the changes', async () => {
    const { page } = view;
    const order = diff.entries.map((e) => e.name);
    const expect = async (i: number) => {
      const name = order[i];
      const a = idIn('a', name);
      const b = idIn('b', name);
      await waitSelectedIn(page, 'a', a >= 0 ? `n${a}` : null);
      await waitSelectedIn(page, 'b', b >= 0 ? `n${b}` : null);
    };
    await page.focus(`${pane('a')} .side-pane-host`);
    // The selection is on the added Sigmoid (the last change): next wraps to the first.
    await page.keyboard.press('n');
    await expect(0);
    await page.keyboard.press('n');
    await expect(1);
    assert.match(await page.$eval('.side-panel .diff-details', (e) => e.textContent!), /^Removed: only in a\.onnx/);
    await page.keyboard.press('F7');
    await expect(2);
    await page.keyboard.press('p');
    await expect(1);
    await page.click('button[data-action=prev-change]');
    await expect(0);
    await page.click('button[data-action=prev-change]');
    await expect(3);
  });

  it('a group opened or closed in one pane is opened or closed in the other', async () => {
    const { page } = view;
    const encoder = (side: Side) => info[side].skeleton.groups.find((g) => g.path === '/encoder')!.id;
    const drawnAs = (side: Side, id: number) =>
      page.evaluate(
        ([sel, id]) =>
          document.querySelector(`${sel} svg.graph g.box[data-key="f${id}"]`)
            ? 'open'
            : document.querySelector(`${sel} svg.graph g.box[data-key="g${id}"]`)
              ? 'closed'
              : 'none',
        [pane(side), id] as const,
      );
    assert.deepEqual([await drawnAs('a', encoder('a')), await drawnAs('b', encoder('b'))], ['open', 'open']);
    await page.click('button[data-action=fit]');
    await waitPanes(page);
    // A frame is hit only on its thin dashed border: the double click goes to it as a DOM event.
    await page.$eval(`${pane('a')} svg.graph g.box[data-key="f${encoder('a')}"] rect`, (r) =>
      r.dispatchEvent(new MouseEvent('dblclick', { bubbles: true })),
    );
    await waitPanes(page, [
      [pane('a'), `g${encoder('a')}`],
      [pane('b'), `g${encoder('b')}`],
    ]);
    await page.dblclick(`${pane('b')} svg.graph g.box[data-key="g${encoder('b')}"]`);
    await waitPanes(page, [
      [pane('a'), `f${encoder('a')}`],
      [pane('b'), `f${encoder('b')}`],
    ]);
    assertNoViewErrors(view);
  });

  it("the toolbar's Collapse all and Expand all act on both panes, not on the hidden overlaid graph", async () => {
    const { page } = view;
    const encoder = (side: Side) => info[side].skeleton.groups.find((g) => g.path === '/encoder')!.id;
    const overlaySeq = () => page.$eval('#app', (e) => (e as HTMLElement).dataset.renderSeq);
    const before = await overlaySeq();
    await page.click('button[data-action=collapse-all]');
    await waitPanes(page, [
      [pane('a'), `g${encoder('a')}`],
      [pane('b'), `g${encoder('b')}`],
    ]);
    await page.click('button[data-action=expand-all]');
    await waitPanes(page, [
      [pane('a'), `f${encoder('a')}`],
      [pane('b'), `f${encoder('b')}`],
    ]);
    for (const side of ['a', 'b'] as Side[]) {
      const drawn = await page.$eval(pane(side), (e) => Number((e as HTMLElement).dataset.sceneNodes));
      assert.equal(drawn, info[side].skeleton.index.names.length, `pane ${side} draws every node`);
    }
    assert.equal(await overlaySeq(), before, 'the overlaid graph was not redrawn');
    assertNoViewErrors(view);
  });

  it('search finds a node by name in both panes; picking a result selects it and its twin (renamed)', async () => {
    const { page } = view;
    const query = '/encoder/fc1/gemm';
    const expected = (side: Side) =>
      info[side].skeleton.index.names.flatMap((name, id) => (name.toLowerCase().includes(query) ? [id] : []));
    const count = expected('a').length + expected('b').length;
    assert.ok(expected('a').includes(idIn('a', RENAMED.a)) && expected('b').includes(idIn('b', RENAMED.b)));
    await page.fill('input.search', query);
    await page.waitForFunction((n) => document.querySelectorAll('.search-results button').length === n, count);
    const results = await page.$$eval('.search-results button', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.side, Number((e as HTMLElement).dataset.nodeId), e.textContent]),
    );
    assert.deepEqual(
      results.map(([side, id]) => [side, id]),
      [...expected('a').map((id) => ['a', id]), ...expected('b').map((id) => ['b', id])],
    );
    assert.ok(results.every(([side, , text]) => String(text).startsWith(`${String(side).toUpperCase()}: `)));
    for (const side of ['a', 'b'] as Side[]) {
      const marked = await page.$$eval(`${pane(side)} svg.graph g.box[data-match=true]`, (els) =>
        els.map((e) => e.getAttribute('data-key')),
      );
      assert.deepEqual(
        marked.sort(),
        expected(side)
          .map((id) => `n${id}`)
          .sort(),
        `pane ${side} highlights its matches`,
      );
    }
    await screenshot(page, 'diff-side-by-side-search');
    await page.click(`.search-results button[data-side=b][data-node-id="${idIn('b', RENAMED.b)}"]`);
    await waitSelectedIn(page, 'b', `n${idIn('b', RENAMED.b)}`);
    await waitSelectedIn(page, 'a', `n${idIn('a', RENAMED.a)}`);
    assert.equal(await page.$$eval('.search-results button', (els) => els.length), 0, 'the list closes on a pick');
    await page.fill('input.search', '');
    await waitPanes(page);
    assert.equal(await page.$$eval('.side-pane svg.graph g.box[data-match=true]', (els) => els.length), 0);
    assertNoViewErrors(view);
  });

  it('screenshots in the four theme kinds', async () => {
    const { page } = view;
    await page.click('button[data-action=fit]');
    await waitPanes(page);
    await page.click(`${pane('b')} svg.graph g.box[data-key="n${idIn('b', EDITED_PAIR.changed[1])}"]`);
    await waitSelectedIn(page, 'a', `n${idIn('a', EDITED_PAIR.changed[1])}`);
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(page, kind);
      await frames(page);
      await screenshot(page, `diff-side-by-side-${kind}`);
    }
    assertNoViewErrors(view);
  });

  it('the request is a validated message; the toggle brings the overlay back', async () => {
    const { page } = view;
    const errors = view.toView.length;
    view.session.receive({ type: 'graph/sideBySide', extra: 1 });
    const refused = view.toView.slice(errors).find((m) => m.type === 'graph/error');
    assert.ok(refused?.type === 'graph/error' && /unexpected field "extra"/.test(refused.message));
    await page.click('button[data-action=side-by-side]');
    await page.waitForSelector('.canvas-host:not(.side-pane-host):not([hidden])');
    assert.equal(await page.isVisible('.side-by-side'), false);
    await page.click('button[data-action=side-by-side]');
    await page.waitForSelector('.side-by-side:not([hidden])');
    assert.equal(view.toView.filter((m) => m.type === 'graph/sideBySide').length, 1, 'the panes were built once');
  });
});

describe('graph view, diff mode side by side: the findings the change fixed and brought', () => {
  it("pane A marks the finding the change fixed (simplify's dropped Identity); pane B marks none", async () => {
    // A: the base model with an Identity before fc2 (simplify/identity reports it); B: the base model without it.
    const base = BASE_MODEL;
    const withIdentity = writeWithIdentity(path.join(scratchDir('side-by-side-findings'), 'with-identity.onnx'));
    const result = diffFiles(withIdentity, base);
    assert.ok(result.ok);
    assert.deepEqual(
      result.view.findings.fixed.map((f) => [f.ruleId, f.node]),
      [['simplify/identity', '/encoder/copy']],
    );
    assert.deepEqual(result.view.findings.new, []);
    const view = await openModel(browser, served, base, {
      session: (hooks) =>
        new DiffGraphSession(readOnnxModel(base), result.view, { a: 'a.onnx', b: 'b.onnx' }, hooks, () =>
          readOnnxModel(withIdentity),
        ),
    });
    const { page } = view;
    await page.waitForSelector('.diff-bar:not([hidden]) button[data-action=side-by-side]');
    await page.click('button[data-action=side-by-side]');
    await waitPanes(page);
    const sent = view.toView.find((m) => m.type === 'graph/sideBySide');
    assert.ok(sent?.type === 'graph/sideBySide');
    const copy = sent.panes.a.skeleton.index.names.indexOf('/encoder/copy');
    await waitPanes(page, [[pane('a'), `n${copy}`]]);
    const marked = (side: Side) =>
      page.$$eval(`${pane(side)} svg.graph g.box[data-severity]`, (els) =>
        els.map((e) => [e.getAttribute('data-key'), e.getAttribute('data-severity')]),
      );
    const severity = result.view.findings.fixed[0].severity;
    assert.deepEqual(await marked('a'), [[`n${copy}`, severity]]);
    assert.deepEqual(await marked('b'), []);
    await screenshot(page, 'diff-side-by-side-fixed-finding');
    assertNoViewErrors(view);
    await view.page.close();
  });
});
