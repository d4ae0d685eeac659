// The graph view in Debian's headless Chromium (first view, expand/collapse, reload and reveal): the built bundle in the page the extension
// serves (strict CSP), hosted by the real GraphSession over real models and the real rules' findings. One browser per
// file; each test opens its own page. Screenshots go to test/.tmp/screens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/analyze';
import { GraphSession } from '../../server/graph/session';
import { readOnnxModel } from '../../server/onnx/reader';
import { openModel } from './harness';
import {
  FASTERRCNN,
  SEVERITIES,
  assertNoViewErrors,
  browser,
  dataset,
  drawn,
  expectedFirstView,
  fit,
  frames,
  open,
  rects,
  requestedGroups,
  screenshot,
  served,
  useBrowser,
  waitSelected,
  withoutNode,
  worstOf,
} from './graph-view-support';

describe('graph view: first view, expand/collapse, reload and reveal', { timeout: 150_000 }, () => {
  useBrowser();

  test('a corpus model opens collapsed to the first view the server chose, problems marked on nodes and badges on groups', async () => {
    const view = await open(FASTERRCNN);
    const graph = view.session.main;
    const expected = expectedFirstView(graph);
    const data = await dataset(view.page);
    assert.equal(Number(data.totalNodes), graph.nodes.length);
    assert.equal(Number(data.sceneNodes), expected.nodes);
    assert.equal(Number(data.sceneGroups), expected.groups);
    // The first view does not wait for the worker; once it runs, big layouts go there.
    await view.page.waitForFunction(() => document.getElementById('app')!.dataset.layoutMode !== undefined);
    assert.equal((await dataset(view.page)).layoutMode, 'worker', 'big layouts run in the Web Worker');
    // After the first paint the view prefetches every other group (webview/graph/prefetch.ts), each once.
    await view.page.waitForFunction(() => document.getElementById('app')!.dataset.prefetched === 'layouts');
    const asked = requestedGroups(view.fromView);
    const first = graph.skeleton().initiallyExpanded;
    assert.ok(
      !asked.some((g) => first.includes(g)),
      'the groups of the first view came with the skeleton: none was asked for',
    );
    assert.equal(new Set(asked).size, asked.length, 'no group was asked for twice');
    assert.deepEqual(
      [...asked, ...first].sort((a, b) => a - b),
      graph.allGroupIds().sort((a, b) => a - b),
      'every other group was prefetched',
    );
    await screenshot(view.page, 'fasterrcnn-first-view');
    await fit(view);
    const boxes = await drawn(view.page);
    assert.equal(
      boxes.filter((b) => b.kind === 'node').length,
      expected.nodes,
      'after Fit every node of the first view is drawn',
    );
    assert.equal(boxes.filter((b) => b.kind === 'group').length, expected.groups);
    assert.equal(boxes.filter((b) => b.kind === 'frame').length, expected.frames);

    let markedNodes = 0;
    for (const b of boxes.filter((x) => x.kind === 'node')) {
      const id = Number(b.key.slice(1));
      assert.equal(b.severity ?? undefined, worstOf(graph, id), `mark on ${graph.nodes[id].name}`);
      if (b.severity) {
        markedNodes++;
        assert.equal(Number(b.problems), graph.nodes[id].diagnostics.length);
      }
    }
    let badged = 0;
    for (const b of boxes.filter((x) => x.kind === 'group')) {
      const info = graph.group(Number(b.key.slice(1)))!;
      const total = info.problems.error + info.problems.warning + info.problems.info;
      assert.equal(b.problems === null ? 0 : Number(b.problems), total, `badge of ${info.path}`);
      if (total > 0) {
        badged++;
        assert.equal(
          b.severity,
          SEVERITIES.find((s) => info.problems[s] > 0),
        );
        const badgeText = await view.page.textContent(`g.box[data-key="${b.key}"] text.badge-count`);
        assert.equal(badgeText, total > 99 ? '99+' : String(total));
      }
    }
    assert.ok(
      markedNodes > 0 && badged > 0,
      `the real findings mark drawn nodes (${markedNodes}) and collapsed groups (${badged})`,
    );
    for (const b of boxes.filter((x) => x.kind === 'frame'))
      assert.equal(b.severity, null, 'expanded frames carry no mark');
    await screenshot(view.page, 'fasterrcnn-fit');
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('expand and collapse: double click and Enter on a collapsed group, the panel button, Expand all / Collapse all', async () => {
    const view = await open(FASTERRCNN);
    const graph = view.session.main;
    await fit(view);
    const expanded = new Set(graph.skeleton().initiallyExpanded);
    const collapsed = graph.allGroupIds().filter((g) => !expanded.has(g) && expanded.has(graph.group(g)!.parent));
    const target = collapsed.find((g) => graph.content(g)!.nodes.length > 0)!;
    const content = graph.content(target)!;
    const before = await dataset(view.page);
    await view.page.dblclick(`g.box[data-key="g${target}"]`);
    await view.settled();
    let after = await dataset(view.page);
    assert.equal(Number(after.sceneNodes), Number(before.sceneNodes) + content.nodes.length);
    assert.equal(Number(after.sceneGroups), Number(before.sceneGroups) - 1 + content.childGroups.length);
    assert.equal(await view.page.locator(`g.box[data-key="f${target}"]`).count(), 1, 'the group is drawn as a frame');
    // Expanded before the prefetch reached it, the group was asked for (on demand or in a prefetch batch) once.
    assert.equal(requestedGroups(view.fromView).filter((g) => g === target).length, 1, 'the group was asked for once');

    // Enter on the (selected) frame collapses it again.
    await view.page.focus('.canvas-host');
    await view.page.keyboard.press('Enter');
    await view.settled();
    after = await dataset(view.page);
    assert.equal(after.sceneNodes, before.sceneNodes);
    assert.equal(after.sceneGroups, before.sceneGroups);
    // Enter again expands; the panel's Collapse button collapses.
    await view.page.keyboard.press('Enter');
    await view.settled();
    assert.equal(Number((await dataset(view.page)).sceneNodes), Number(before.sceneNodes) + content.nodes.length);
    await view.page.click('.side-panel vscode-button[data-action=toggle-group]');
    await view.settled();
    assert.equal((await dataset(view.page)).sceneNodes, before.sceneNodes);

    await view.page.click('button[data-action=expand-all]');
    await view.settled();
    after = await dataset(view.page);
    assert.equal(Number(after.sceneNodes), graph.nodes.length, 'Expand all shows every node');
    assert.equal(Number(after.sceneGroups), 0);
    assert.ok(Number(after.largestLayout) <= 500, `no single layout over 500 boxes (largest ${after.largestLayout})`);
    await fit(view);
    await screenshot(view.page, 'fasterrcnn-expanded-fit');
    // Zoomed out, names and edge labels are hidden; wheeling in past the text threshold shows the labels of the
    // edges already drawn (they keep their text in the DOM, so the wheel step rewrites nothing). From Fit (a canvas
    // picture for this many boxes) in to the SVG without text, then on to the SVG with text.
    const state = (): Promise<{ svg: boolean; text: boolean; shown: number; withText: number }> =>
      view.page.evaluate(() => {
        const texts = [...document.querySelectorAll('g.edge text.edge-label')];
        return {
          svg: (document.querySelector('.canvas-host') as HTMLElement).dataset.renderMode !== 'canvas',
          text: !document.querySelector('svg.graph')!.classList.contains('no-text'),
          shown: texts.filter((t) => getComputedStyle(t).display !== 'none' && t.textContent !== '').length,
          withText: texts.filter((t) => t.textContent !== '').length,
        };
      });
    const host = (await view.page.locator('.canvas-host').boundingBox())!;
    await view.page.mouse.move(host.x + host.width / 2, host.y + host.height / 2);
    let zoomedOut: Awaited<ReturnType<typeof state>> | undefined;
    let now = await state();
    for (let i = 0; i < 60 && !(now.svg && now.text); i++) {
      if (now.svg && !now.text) zoomedOut ??= now;
      await view.page.mouse.wheel(0, -120);
      await frames(view.page);
      now = await state();
    }
    assert.ok(zoomedOut, 'wheeling in from Fit passes the SVG without text');
    assert.equal(zoomedOut.shown, 0, 'no edge label shows zoomed out');
    assert.ok(zoomedOut.withText > 0, 'the drawn edges keep their labels');
    assert.ok(now.svg && now.text && now.shown > 0, `zoomed in, ${now.shown} edge labels show`);
    await view.page.click('button[data-action=collapse-all]');
    await view.settled();
    after = await dataset(view.page);
    assert.equal(Number(after.sceneNodes), graph.content(0)!.nodes.length);
    assert.equal(Number(after.sceneGroups), graph.content(0)!.childGroups.length);
    assertNoViewErrors(view);
    await view.page.close();
  });

  test('new findings (a fix, a re-analysis) keep expanded groups, selection, zoom/pan and filter, marks follow; a recreated webview restores them', async () => {
    const findings = analyzeFile(FASTERRCNN);
    const view = await openModel(browser, served, FASTERRCNN, { findings });
    const graph = view.session.main;
    await fit(view);
    const initially = new Set(graph.skeleton().initiallyExpanded);
    // A collapsed group holding a named node with a warning: expand it, select that node.
    const hasWarned = (g: number): boolean =>
      graph.content(g)!.nodes.some((n) => n.name !== '' && worstOf(graph, n.id) === 'warning');
    const target = graph
      .allGroupIds()
      .find((g) => !initially.has(g) && initially.has(graph.group(g)!.parent) && hasWarned(g))!;
    assert.ok(target !== undefined, 'a collapsed group of the first view holds a node with a warning');
    const node = graph.content(target)!.nodes.find((n) => n.name !== '' && worstOf(graph, n.id) === 'warning')!;
    await view.page.dblclick(`g.box[data-key="g${target}"]`);
    await view.settled();
    await fit(view);
    await view.page.click(`g.box[data-key="n${node.id}"]`);
    await waitSelected(view.page, `n${node.id}`);
    await view.page.selectOption('select[aria-label="Filter problems by severity"]', 'warning');
    // Zoom in on the node (a user's own view, neither the first one nor Fit).
    const { box } = await rects(view.page, `n${node.id}`);
    await view.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await view.page.mouse.wheel(0, -600);
    await frames(view.page);
    const transform = (): Promise<string> => view.page.$eval('g.viewport', (g) => g.getAttribute('transform') ?? '');
    const zoomed = await transform();
    const before = await drawn(view.page);
    assert.equal(before.find((b) => b.key === `n${node.id}`)?.severity, 'warning');
    const otherMarked = before
      .filter((b) => b.kind === 'node' && b.severity === 'warning' && b.key !== `n${node.id}`)
      .map((b) => b.key);
    assert.ok(otherMarked.length > 0, 'other drawn nodes carry warnings');
    const marksBefore = Number((await dataset(view.page)).problemNodes);
    await new Promise((r) => setTimeout(r, 400)); // the state is saved once zooming rests

    // The fix removed the node's findings: the extension builds a new session, the view gets a new skeleton.
    const sentBefore = view.fromView.length;
    view.reload(withoutNode(findings, node.name));
    await view.settled();
    assert.ok(
      requestedGroups(view.fromView.slice(sentBefore)).includes(target),
      'the expanded group was loaded again from the new session',
    );
    const expectKept = async (when: string): Promise<void> => {
      await waitSelected(view.page, `n${node.id}`);
      assert.equal(
        await view.page.locator(`g.box[data-key="f${target}"]`).count(),
        1,
        `${when}: the group is still expanded`,
      );
      assert.equal(
        await view.page.textContent('.side-panel .node-name'),
        node.name,
        `${when}: the panel shows the node`,
      );
      assert.equal(
        await view.page.locator('.side-panel .diagnostic').count(),
        0,
        `${when}: the panel lists the new findings (none)`,
      );
      assert.equal(
        await view.page.inputValue('select[aria-label="Filter problems by severity"]'),
        'warning',
        `${when}: the filter is kept`,
      );
      assert.equal(await transform(), zoomed, `${when}: zoom and pan are kept`);
      const after = await drawn(view.page);
      const mark = after.find((b) => b.key === `n${node.id}`)!;
      assert.ok(mark.selected && mark.severity === null, `${when}: the node is selected and its mark is gone`);
      // (The boxes drawn depend on the view's size as well: those still drawn are checked.)
      const stillDrawn = otherMarked.filter((key) => after.some((b) => b.key === key));
      assert.ok(stillDrawn.length > 0, `${when}: other marked nodes are still drawn`);
      for (const key of stillDrawn)
        assert.equal(after.find((b) => b.key === key)?.severity, 'warning', `${when}: ${key} keeps its warning`);
      assert.equal(Number((await dataset(view.page)).problemNodes), marksBefore - 1, `${when}: one node fewer marked`);
    };
    await expectKept('after the reload');
    await screenshot(view.page, 'reload-kept-state');

    // The webview recreated (VS Code keeps its getState across; the harness' stand-in keeps it in sessionStorage).
    await new Promise((r) => setTimeout(r, 400));
    await view.page.reload();
    await view.page.waitForFunction(
      () =>
        document.getElementById('app')!.dataset.ready === 'true' &&
        document.getElementById('app')!.dataset.busy === undefined,
    );
    await expectKept('after the webview was recreated');
    assertNoViewErrors(view);
    await view.page.close();
  });

  for (const skeletonAgain of [false, true])
    test(`a reveal right behind the first skeleton (a Problems link to a model not open yet) selects, centres and details the node${skeletonAgain ? ', also when the skeleton comes again right behind it (re-analysed)' : ''}`, async () => {
      const findings = analyzeFile(FASTERRCNN);
      const graph = new GraphSession(readOnnxModel(FASTERRCNN), findings, { post: () => undefined }).main;
      const initially = new Set(graph.skeleton().initiallyExpanded);
      // A node of the first view: nothing to expand, only the wait for the skeleton's groups makes the reveal work.
      const target = graph.nodes.find(
        (n) => n.kind === 'op' && n.name !== '' && n.diagnostics.length > 0 && initially.has(n.group),
      )!;
      const view = await openModel(browser, served, FASTERRCNN, { findings, reveal: target.name, skeletonAgain });
      await waitSelected(view.page, `n${target.id}`);
      assert.equal(
        await view.page.textContent('.side-panel .node-name'),
        target.name,
        'the panel shows the revealed node',
      );
      assert.equal(
        (await drawn(view.page))
          .filter((b) => b.selected)
          .map((b) => b.key)
          .join(),
        `n${target.id}`,
      );
      const { box, host } = await rects(view.page, `n${target.id}`);
      assert.ok(
        Math.abs(box.x + box.width / 2 - (host.x + host.width / 2)) < 3 &&
          Math.abs(box.y + box.height / 2 - (host.y + host.height / 2)) < 3,
        'centred',
      );
      assertNoViewErrors(view);
      await view.page.close();
    });
});
