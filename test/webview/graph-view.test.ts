// The graph view in Debian's headless Chromium: the built bundle (dist/webview.js) in the page the extension
// serves (strict CSP), hosted by the real GraphSession over real corpus models and the real rules' findings.
// One browser for the whole file; each test opens its own page. Screenshots go to test/.tmp/screens.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { analyzeFile } from '../../server/analyze';
import type { Finding, Severity } from '../../server/contract/findings';
import type { GraphModel } from '../../server/graph/build';
import { opDocsFor } from '../../server/graph/op-docs';
import { GraphSession } from '../../server/graph/session';
import { checkGraphViewMessage } from '../../server/graph/validate';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusOnnxDir, onnxTestdataDir, repoRoot } from '../support/paths';
import { launchBrowser, openModel, servePage, type ServedPage, type ViewUnderTest } from './harness';
import { HOSTILE, hostileModel, wideModel } from './models';

const SCREENS = path.join(repoRoot, 'test/.tmp/screens');
const FASTERRCNN = path.join(corpusOnnxDir, 'fasterrcnn_mnv3_op11.onnx');
const BERT = path.join(corpusOnnxDir, 'bert_base_op14.onnx');
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

let browser: Browser;
let served: ServedPage;

async function open(file: string, viewport?: { width: number; height: number }): Promise<ViewUnderTest> {
  return openModel(browser, served, file, { findings: analyzeFile(file), viewport });
}

/** The findings once a fix removed those of one node: its own, and its place among a finding's related nodes. */
function withoutNode(findings: Finding[], name: string): Finding[] {
  return findings.flatMap((f) => {
    const related = f.related?.filter((r) => r.node !== name);
    if (f.node !== name) return [{ ...f, related }];
    const [next, ...rest] = related ?? [];
    return next?.node ? [{ ...f, node: next.node, related: rest }] : [];
  });
}

/** Two animation frames: whatever was scheduled has been drawn. */
async function frames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function dataset(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...document.getElementById('app')!.dataset }) as Record<string, string>);
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

async function fit(view: ViewUnderTest): Promise<void> {
  await view.page.click('button[data-action=fit]');
  await frames(view.page);
}

/** Boxes drawn in the SVG, by kind, as data-key → data-severity/data-problems. */
async function drawn(
  page: Page,
): Promise<{ key: string; kind: string; severity: string | null; problems: string | null; selected: boolean }[]> {
  return page.$$eval('svg.graph g.box', (els) =>
    els.map((e) => ({
      key: e.getAttribute('data-key')!,
      kind: e.classList.contains('node') ? 'node' : e.classList.contains('group') ? 'group' : 'frame',
      severity: e.getAttribute('data-severity'),
      problems: e.getAttribute('data-problems'),
      selected: e.getAttribute('data-selected') === 'true',
    })),
  );
}

/** Worst severity of a node's findings (as the server attached them), undefined without any. */
function worstOf(
  graph: GraphModel,
  nodeId: number,
  keep: (ruleId: string, s: Severity) => boolean = () => true,
): Severity | undefined {
  const severities = graph.nodes[nodeId].diagnostics
    .map((d) => graph.diagnostics[d])
    .filter((d) => keep(d.ruleId, d.severity))
    .map((d) => d.severity);
  return SEVERITIES.find((s) => severities.includes(s));
}

/** What the first view must show, computed from the server's model independently of the view. */
function expectedFirstView(graph: GraphModel): { nodes: number; groups: number; frames: number } {
  const expanded = new Set(graph.skeleton().initiallyExpanded);
  let nodes = 0;
  let groups = 0;
  for (const id of expanded) {
    const content = graph.content(id)!;
    nodes += content.nodes.length;
    groups += content.childGroups.filter((g) => !expanded.has(g)).length;
  }
  return { nodes, groups, frames: expanded.size - 1 };
}

async function waitSelected(page: Page, key: string): Promise<void> {
  await page.waitForFunction((k) => document.getElementById('app')!.dataset.selected === k, key, { timeout: 10_000 });
  await frames(page);
}

/** Screen rectangle of a drawn box and of the graph area. */
async function rects(page: Page, key: string): Promise<{ box: DOMRect; host: DOMRect }> {
  return page.evaluate(
    (k) => ({
      box: document.querySelector(`svg.graph g.box[data-key="${k}"] rect`)!.getBoundingClientRect().toJSON() as DOMRect,
      host: document.querySelector('.canvas-host')!.getBoundingClientRect().toJSON() as DOMRect,
    }),
    key,
  );
}

/** Waits (up to 5 s) for a message from the view to reach the host. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
}

function assertNoViewErrors(view: ViewUnderTest): void {
  assert.deepEqual(view.pageErrors, [], 'no exceptions or console errors in the page');
  assert.deepEqual(
    view.toView.filter((m) => m.type === 'graph/error'),
    [],
    'the host refused no message of the view',
  );
  // Everything the view sent is a valid contract message.
  for (const m of view.fromView) assert.ok(checkGraphViewMessage(m).ok, JSON.stringify(m).slice(0, 200));
}

describe('graph view in headless Chromium', { timeout: 150_000 }, () => {
  before(async () => {
    served = await servePage();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  test('a corpus model opens collapsed to the first view the server chose, problems marked on nodes and badges on groups', async () => {
    const view = await open(FASTERRCNN);
    const graph = view.session.main;
    const expected = expectedFirstView(graph);
    const data = await dataset(view.page);
    assert.equal(Number(data.totalNodes), graph.nodes.length);
    assert.equal(Number(data.sceneNodes), expected.nodes);
    assert.equal(Number(data.sceneGroups), expected.groups);
    assert.equal(data.layoutMode, 'worker', 'layout runs in the Web Worker');
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
    const requested = view.fromView.filter((m) => (m as { type: string }).type === 'graph/requestGroups') as {
      groupIds: number[];
    }[];
    assert.deepEqual(requested[requested.length - 1].groupIds, [target], 'only the new group was asked for');

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
    view.reload(withoutNode(findings, node.name));
    await view.settled();
    const requests = view.fromView.filter((m) => (m as { type: string }).type === 'graph/requestGroups') as {
      groupIds: number[];
    }[];
    assert.ok(
      requests[requests.length - 1].groupIds.includes(target),
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

  test('a reveal right behind the first skeleton (a Problems link to a model not open yet) selects, centres and details the node', async () => {
    const findings = analyzeFile(FASTERRCNN);
    const graph = new GraphSession(readOnnxModel(FASTERRCNN), findings, { post: () => undefined }).main;
    const initially = new Set(graph.skeleton().initiallyExpanded);
    // A node of the first view: nothing to expand, only the wait for the skeleton's groups makes the reveal work.
    const target = graph.nodes.find(
      (n) => n.kind === 'op' && n.name !== '' && n.diagnostics.length > 0 && initially.has(n.group),
    )!;
    const view = await openModel(browser, served, FASTERRCNN, { findings, reveal: target.name });
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
    // What VS Code does in a webview on a theme change: body class, and the variables set on <html> through the
    // CSSOM (style.setProperty; a style attribute written as text would be refused by the CSP).
    const applyTheme = (cls: string, vars: Record<string, string>): Promise<void> =>
      view.page.evaluate(
        ({ cls, vars }) => {
          document.body.className = cls;
          const style = document.documentElement.style;
          for (const name of [...style]) style.removeProperty(name);
          for (const [k, v] of Object.entries(vars)) style.setProperty(k, v);
        },
        { cls, vars },
      );
    await applyTheme('vscode-dark', {
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-editorError-foreground': '#f85149',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-editorLineNumber-foreground': '#6e7681',
      '--vscode-sideBar-background': '#181818',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-editorWidget-border': '#313131',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c33',
    });
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

    await applyTheme('vscode-high-contrast', {
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-editorWarning-foreground': '#ffd370',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-sideBar-background': '#000000',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-editorLineNumber-foreground': '#ffffff',
      '--vscode-diffEditor-insertedTextBackground': '#000000',
    });
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
