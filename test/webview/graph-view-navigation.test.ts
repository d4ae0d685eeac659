// The graph view in Debian's headless Chromium (search, filter, problem walk, keyboard): the built bundle in the page the extension
// serves (strict CSP), hosted by the real GraphSession over real models and the real rules' findings. One browser per
// file; each test opens its own page. Screenshots go to test/.tmp/screens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Severity } from '../../server/contract/findings';
import {
  BERT,
  FASTERRCNN,
  SEVERITIES,
  assertNoViewErrors,
  dataset,
  drawn,
  fit,
  frames,
  open,
  rects,
  screenshot,
  useBrowser,
  waitSelected,
  worstOf,
} from './graph-view-support';

describe('graph view: search, filter, problem walk, keyboard', { timeout: 150_000 }, () => {
  useBrowser();

  test('search by name and op type, reveal from the host selects and centres, zoom/pan/fit and the minimap move the view', async () => {
    const view = await open(BERT);
    const graph = view.session.main;
    const skeleton = graph.skeleton();
    const expanded = new Set(skeleton.initiallyExpanded);

    // Search by op type: exact op matches, highlighted (on the node, or on the collapsed group hiding it).
    await view.page.fill('input.search', 'softmax');
    const softmaxes = graph.nodes.filter((n) => n.op === 'Softmax');
    assert.ok(softmaxes.length > 1);
    await view.page.waitForFunction(
      (n) => document.querySelectorAll('.search-results button').length === n,
      Math.min(50, softmaxes.length),
    );
    const resultIds = await view.page.$$eval('.search-results button', (els) =>
      els.map((e) => Number((e as HTMLElement).dataset.nodeId)),
    );
    assert.deepEqual(
      resultIds,
      softmaxes.slice(0, 50).map((n) => n.id),
    );
    await fit(view);
    const highlighted = await view.page.$$eval('g.box[data-match=true]', (els) =>
      els.map((e) => e.getAttribute('data-key')),
    );
    assert.ok(highlighted.length > 0, 'matches are highlighted in the graph');
    await screenshot(view.page, 'bert-search');

    // Search by a part of a name; Enter reveals the first result.
    const deep = graph.nodes.find(
      (n) => n.kind === 'op' && !expanded.has(n.group) && n.name.includes('layer.7') && n.op === 'MatMul',
    )!;
    assert.ok(deep, 'a MatMul of layer 7 sits in a collapsed group');
    await view.page.fill('input.search', deep.name);
    await view.page.waitForSelector(`.search-results button[data-node-id="${deep.id}"]`);
    await view.page.press('input.search', 'Enter');
    await view.settled();
    await waitSelected(view.page, `n${deep.id}`);
    assert.equal(await view.page.textContent('.side-panel .node-name'), deep.name);

    // Reveal from the host (the "Reveal node in graph" command): expands the groups holding it, selects, centres.
    const other = graph.nodes.find((n) => n.kind === 'op' && n.name.includes('layer.11') && n.op === 'Softmax')!;
    await view.post({ type: 'graph/reveal', nodeName: other.name });
    await view.settled();
    await waitSelected(view.page, `n${other.id}`);
    const { box, host } = await rects(view.page, `n${other.id}`);
    assert.ok(Math.abs(box.x + box.width / 2 - (host.x + host.width / 2)) < 3, 'centred horizontally');
    assert.ok(Math.abs(box.y + box.height / 2 - (host.y + host.height / 2)) < 3, 'centred vertically');
    assert.equal(
      (await drawn(view.page))
        .filter((b) => b.selected)
        .map((b) => b.key)
        .join(),
      `n${other.id}`,
    );
    await screenshot(view.page, 'bert-revealed');
    await view.post({ type: 'graph/reveal', nodeName: 'no such node' });
    await view.page.waitForFunction(() =>
      document.querySelector('.status')!.textContent!.includes('No node named "no such node"'),
    );

    // Zoom with the wheel, pan by dragging, Fit shows the whole scene, the minimap centres where clicked.
    const transform = (): Promise<string> => view.page.$eval('g.viewport', (g) => g.getAttribute('transform') ?? '');
    const scale = async (): Promise<number> => Number(/scale\(([\d.e-]+)\)/.exec(await transform())![1]);
    const k0 = await scale();
    await view.page.mouse.move(host.x + host.width / 2, host.y + host.height / 2);
    await view.page.mouse.wheel(0, 300);
    await frames(view.page);
    assert.ok((await scale()) < k0, 'wheel down zooms out');
    const t0 = await transform();
    await view.page.mouse.down();
    await view.page.mouse.move(host.x + host.width / 2 + 120, host.y + host.height / 2 + 80, { steps: 4 });
    await view.page.mouse.up();
    assert.notEqual(await transform(), t0, 'dragging pans');
    await fit(view);
    const sceneRect = await view.page.$eval(
      'g.viewport',
      (g) => (g as SVGGElement).getBoundingClientRect().toJSON() as DOMRect,
    );
    assert.ok(
      sceneRect.x >= host.x - 1 &&
        sceneRect.y >= host.y - 1 &&
        sceneRect.right <= host.right + 1 &&
        sceneRect.bottom <= host.bottom + 1,
      'Fit: the scene lies inside the view',
    );
    const minimap = (await view.page.locator('canvas.minimap').boundingBox())!;
    await view.page.mouse.click(minimap.x + minimap.width / 2, minimap.y + minimap.height * 0.25);
    await frames(view.page);
    const centre = await view.page.$eval('g.viewport', (g) => {
      const r = (g as SVGGElement).getBoundingClientRect();
      return r.y + r.height * 0.25;
    });
    assert.ok(
      Math.abs(centre - (host.y + host.height / 2)) < 12,
      'the point clicked on the minimap is now in the middle of the view',
    );
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('filter by severity and rule; next/previous problem walks the marked nodes in order; keyboard moves along edges', async () => {
    const view = await open(FASTERRCNN);
    const graph = view.session.main;
    const problemIds = (keep: (rule: string, s: Severity) => boolean): number[] =>
      graph.nodes.filter((n) => worstOf(graph, n.id, keep) !== undefined).map((n) => n.id);
    const all = problemIds(() => true);
    assert.equal(Number((await dataset(view.page)).problemNodes), all.length);

    await view.page.selectOption('select[aria-label="Filter problems by severity"]', 'warning');
    await frames(view.page);
    const warnings = problemIds((_, s) => s === 'warning');
    assert.ok(warnings.length > 0 && warnings.length < all.length);
    assert.equal(Number((await dataset(view.page)).problemNodes), warnings.length);
    await fit(view);
    const boxes = await drawn(view.page);
    const inGroup = (node: number, group: number): boolean => {
      for (let g = graph.nodes[node].group; g >= 0; g = graph.group(g)!.parent) if (g === group) return true;
      return false;
    };
    const warningDiagnostics = graph.diagnostics.filter((d) => d.node >= 0 && d.severity === 'warning');
    let seen = 0;
    for (const b of boxes) {
      const id = Number(b.key.slice(1));
      if (b.kind === 'node')
        assert.equal(b.severity, warnings.includes(id) ? 'warning' : null, `node ${graph.nodes[id].name}`);
      if (b.kind !== 'group') continue;
      const count = warningDiagnostics.filter((d) => inGroup(d.node, id)).length;
      assert.equal(
        b.problems === null ? 0 : Number(b.problems),
        count,
        `badge of ${graph.group(id)!.path} counts warnings only`,
      );
      assert.equal(b.severity, count > 0 ? 'warning' : null);
      seen += count;
    }
    assert.ok(seen > 0, 'warnings are counted on drawn groups');

    await view.page.selectOption('select[aria-label="Filter problems by severity"]', 'all');
    const rule = 'simplify/identity';
    await view.page.selectOption('select[aria-label="Filter problems by rule"]', rule);
    await frames(view.page);
    const identity = problemIds((r) => r === rule);
    assert.equal(Number((await dataset(view.page)).problemNodes), identity.length);
    await view.page.selectOption('select[aria-label="Filter problems by rule"]', 'all');
    await frames(view.page);

    // Next / previous problem: worst severity first, then position (findings about the whole model first, then node
    // ids in file order), wrapping around.
    const rank = (s: Severity): number => SEVERITIES.indexOf(s);
    const walk = [
      ...graph.diagnostics.flatMap((d, i) => (d.node < 0 ? [{ key: `m${i}`, s: d.severity, at: -1 }] : [])),
      ...all.map((id) => ({ key: `n${id}`, s: worstOf(graph, id)!, at: id })),
    ]
      .sort((a, b) => rank(a.s) - rank(b.s) || a.at - b.at)
      .map((w) => w.key);
    assert.ok(walk.length >= 3 && walk[0] !== walk[walk.length - 1]);
    await view.page.click('button[data-action=next-problem]');
    await waitSelected(view.page, walk[0]);
    await view.page.click('button[data-action=next-problem]');
    await waitSelected(view.page, walk[1]);
    await view.page.click('button[data-action=prev-problem]');
    await waitSelected(view.page, walk[0]);
    await view.page.click('button[data-action=prev-problem]');
    await waitSelected(view.page, walk[walk.length - 1]);
    const last = Number(walk[walk.length - 1].slice(1));
    assert.equal(await view.page.textContent('.side-panel .node-name'), graph.nodes[last].name);

    // Keyboard: ArrowDown follows the node's first outgoing edge in its group, ArrowUp the first incoming one.
    const start = graph.nodes.find(
      (n) =>
        n.kind === 'op' && graph.content(n.group)!.edges.some((e) => e.from === `n${n.id}` && e.to.startsWith('n')),
    )!;
    const down = graph.content(start.group)!.edges.find((e) => e.from === `n${start.id}`)!.to;
    const up = graph.content(start.group)!.edges.find((e) => e.to === down)!.from;
    await view.post({ type: 'graph/reveal', nodeName: start.name });
    await waitSelected(view.page, `n${start.id}`);
    await view.page.focus('.canvas-host');
    await view.page.keyboard.press('ArrowDown');
    await waitSelected(view.page, down);
    await view.page.keyboard.press('ArrowUp');
    await waitSelected(view.page, up);
    await view.page.keyboard.press('Escape');
    await view.page.waitForFunction(() => document.querySelector('.side-panel .hint') !== null);
    assertNoViewErrors(view);
    await view.page.close();
  });
});
