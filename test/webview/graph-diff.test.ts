// The graph view in diff mode in headless Chromium: model B of a pair with known edits, A's removed node as a ghost,
// hosted by the real DiffGraphSession over the real diff. Each kind's colour is drawn, the legend counts match the
// diff, n/p, F7 and the buttons walk the changes, the details panel shows the change; screenshots in the four themes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DiffStatus, ModelDiffView } from '../../server/contract/model-diff';
import { diffFiles } from '../../server/diff/diff-files';
import { DiffGraphSession } from '../../server/graph/diff-session';
import { readOnnxModel } from '../../server/onnx/reader';
import { EDITED_PAIR, editedPair } from '../diff/edited-pair';
import type { ViewUnderTest } from './harness';
import { openModel } from './harness';
import {
  assertNoViewErrors,
  browser,
  drawn,
  frames,
  screenshot,
  served,
  useBrowser,
  waitSelected,
} from './graph-view-support';
import { applyTheme, THEMES, type ThemeKind } from './themes';

useBrowser();

describe('graph view, diff mode', () => {
  let pair: { a: string; b: string };
  let diff: ModelDiffView;
  let view: ViewUnderTest;
  /** View node id of each entry, as the session sent them. */
  let ids: Map<string, number>;

  before(async () => {
    pair = editedPair();
    const result = diffFiles(pair.a, pair.b);
    assert.ok(result.ok);
    diff = result.view;
    view = await openModel(browser, served, pair.b, {
      session: (hooks) => new DiffGraphSession(readOnnxModel(pair.b), diff, { a: 'a.onnx', b: 'b.onnx' }, hooks),
    });
    await view.page.waitForSelector('.diff-bar:not([hidden])');
    const sent = view.toView.find((m) => m.type === 'graph/diff');
    assert.ok(sent?.type === 'graph/diff');
    ids = new Map(sent.diff.entries.map((e) => [e.name, e.node]));
  });

  it('legend counts match the diff', async () => {
    const counts = await view.page.$$eval('.diff-legend .diff-count', (els) =>
      Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.status, Number((e as HTMLElement).dataset.count)])),
    );
    assert.deepEqual(counts, {
      added: diff.diff.added.length,
      removed: diff.diff.removed.length,
      changed: diff.diff.changed.length,
      weights: diff.diff.initializers.changed.length,
    });
    assert.deepEqual(counts, { added: 1, removed: 1, changed: 2, weights: 1 }, 'the known edits');
    const listed = await view.page.$$eval('.diff-changes li[data-status]', (els) => els.length);
    assert.equal(listed, 5, 'four node changes and one initializer in the list');
  });

  it('draws each kind in its own colour, distinct from unchanged nodes, severities and the selection', async () => {
    const fills = {
      byKey: Object.fromEntries(
        await view.page.$$eval('svg.graph g.box.node', (els) =>
          els.map((g) => [g.getAttribute('data-key')!, getComputedStyle(g.querySelector('rect')!).fill]),
        ),
      ) as Record<string, string>,
    };
    const colourOf = (name: string) => fills.byKey[`n${ids.get(name)}`];
    const byStatus: Record<DiffStatus, string | null | undefined> = {
      added: colourOf(EDITED_PAIR.added[0]),
      removed: colourOf(EDITED_PAIR.removed[0]),
      changed: colourOf(EDITED_PAIR.changed[0]),
    };
    for (const [status, colour] of Object.entries(byStatus)) assert.ok(colour, `${status} node drawn`);
    assert.equal(new Set(Object.values(byStatus)).size, 3, `three colours: ${JSON.stringify(byStatus)}`);
    assert.equal(colourOf(EDITED_PAIR.changed[1]), byStatus.changed);
    const unchanged = fills.byKey[`n${(await view.session.main.skeleton()).index.names.indexOf('/encoder/fc1/Gemm')}`];
    assert.ok(unchanged && !Object.values(byStatus).includes(unchanged), 'unchanged nodes keep the plain fill');
    // The legend swatches show the same colours the boxes have.
    const swatches = await view.page.$$eval('.diff-legend .diff-swatch', (els) =>
      Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.status, getComputedStyle(e).backgroundColor])),
    );
    assert.deepEqual(swatches, byStatus);
    const marks = await view.page.$$eval('#app', ([app]) =>
      ['--graph-error', '--graph-warning', '--graph-info', '--graph-selected'].map((v) => {
        const probe = document.createElement('div');
        probe.style.color = getComputedStyle(app).getPropertyValue(v);
        document.body.append(probe);
        const rgb = getComputedStyle(probe).color;
        probe.remove();
        return rgb;
      }),
    );
    for (const c of Object.values(byStatus)) assert.ok(!marks.includes(c!), `${c} is no severity or selection colour`);
  });

  it('the ghost of the removed node is drawn, fed by the B node that fed it in A', async () => {
    const graph = view.session.main;
    const ghost = ids.get(EDITED_PAIR.removed[0])!;
    const fc2 = graph.skeleton().index.names.indexOf('/encoder/fc2/Gemm');
    assert.ok(
      (await drawn(view.page)).some((b) => b.key === `n${ghost}`),
      'ghost drawn',
    );
    const edges = graph.allGroupIds().flatMap((g) => graph.content(g)!.edges);
    assert.ok(
      edges.some((e) => e.from === `n${fc2}` && e.to === `n${ghost}`),
      'edge fc2 -> ghost',
    );
  });

  it('n / p, F7 / Shift+F7 and the buttons select and reveal the changes in order; details show the change', async () => {
    // File order of B, the removed Softmax right after fc2 that fed it.
    const names = ['/encoder/act/LeakyRelu', '/encoder/Softmax', '/head/Gemm', '/head/Sigmoid'];
    assert.deepEqual(
      diff.entries.map((e) => e.name),
      names,
    );
    const at = (i: number) => `n${ids.get(names[i])}`;
    const details = () => page.$eval('.side-panel .diff-details', (e) => e.textContent!);
    const { page } = view;
    await page.focus('.canvas-host');
    await page.keyboard.press('n');
    await waitSelected(page, at(0));
    assert.match(await details(), /alpha: 0\.1\d* -> 0\.25/);
    await page.keyboard.press('n');
    await waitSelected(page, at(1));
    assert.match(await details(), /^Removed: only in a\.onnx.*axis = -1/);
    await page.keyboard.press('F7');
    await waitSelected(page, at(2));
    const gemm = await details();
    assert.match(gemm, /input 0: \/encoder\/Softmax_output_0 -> \/encoder\/fc2\/Gemm_output_0/);
    assert.match(gemm, /Initializer head\.weight: bytes; max abs diff 0\.49/);
    await page.keyboard.press('Shift+F7');
    await waitSelected(page, at(1));
    await page.keyboard.press('p');
    await waitSelected(page, at(0));
    await page.click('button[data-action=prev-change]');
    await waitSelected(page, at(3));
    assert.match(await details(), /^Added: only in b\.onnx/);
    await page.click('button[data-action=next-change]');
    await waitSelected(page, at(0));
    assertNoViewErrors(view);
  });

  it('screenshots in the four theme kinds', async () => {
    await view.page.click('.diff-changes summary');
    await view.page.click(`.diff-changes li[data-status=changed] >> nth=1 >> button`);
    await waitSelected(view.page, `n${ids.get(EDITED_PAIR.changed[1])}`);
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await frames(view.page);
      await screenshot(view.page, `diff-${kind}`);
    }
    assertNoViewErrors(view);
  });
});
