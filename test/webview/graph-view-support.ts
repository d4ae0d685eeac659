// Shared by the graph view's browser tests: one Chromium and one page server per test file (useBrowser), opening a
// model hosted by the real GraphSession over the real rules' findings, and helpers reading what the view drew.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { analyzeFile } from '../../server/analyze';
import type { Finding, Severity } from '../../server/contract/findings';
import type { GraphModel } from '../../server/graph/build';
import { checkGraphViewMessage } from '../../server/graph/validate';
import { corpusOnnxDir, repoRoot } from '../support/paths';
import { launchBrowser, openModel, servePage, type ServedPage, type ViewUnderTest } from './harness';

export const SCREENS = path.join(repoRoot, 'test/.tmp/screens');
export const FASTERRCNN = path.join(corpusOnnxDir, 'fasterrcnn_mnv3_op11.onnx');
export const BERT = path.join(corpusOnnxDir, 'bert_base_op14.onnx');
export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export let browser: Browser;
export let served: ServedPage;

/** Starts Chromium and the page server before the file's tests, stops them after. */
export function useBrowser(): void {
  before(async () => {
    served = await servePage();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });
}

export async function open(file: string, viewport?: { width: number; height: number }): Promise<ViewUnderTest> {
  return openModel(browser, served, file, { findings: analyzeFile(file), viewport });
}

/** The findings once a fix removed those of one node: its own, and its place among a finding's related nodes. */
export function withoutNode(findings: Finding[], name: string): Finding[] {
  return findings.flatMap((f) => {
    const related = f.related?.filter((r) => r.node !== name);
    if (f.node !== name) return [{ ...f, related }];
    const [next, ...rest] = related ?? [];
    return next?.node ? [{ ...f, node: next.node, related: rest }] : [];
  });
}

/** Two animation frames: whatever was scheduled has been drawn. */
export async function frames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Every group id the view asked the host for, in order. */
export function requestedGroups(fromView: unknown[]): number[] {
  return fromView.flatMap((m) => {
    const message = m as { type: string; groupIds?: number[] };
    return message.type === 'graph/requestGroups' ? (message.groupIds ?? []) : [];
  });
}

export async function dataset(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...document.getElementById('app')!.dataset }) as Record<string, string>);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

export async function fit(view: ViewUnderTest): Promise<void> {
  await view.page.click('button[data-action=fit]');
  await frames(view.page);
}

/** Boxes drawn in the SVG, by kind, as data-key → data-severity/data-problems. */
export async function drawn(
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
export function worstOf(
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
export function expectedFirstView(graph: GraphModel): { nodes: number; groups: number; frames: number } {
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

export async function waitSelected(page: Page, key: string): Promise<void> {
  await page.waitForFunction((k) => document.getElementById('app')!.dataset.selected === k, key, { timeout: 10_000 });
  await frames(page);
}

/** Screen rectangle of a drawn box and of the graph area. */
export async function rects(page: Page, key: string): Promise<{ box: DOMRect; host: DOMRect }> {
  return page.evaluate(
    (k) => ({
      box: document.querySelector(`svg.graph g.box[data-key="${k}"] rect`)!.getBoundingClientRect().toJSON() as DOMRect,
      host: document.querySelector('.canvas-host')!.getBoundingClientRect().toJSON() as DOMRect,
    }),
    key,
  );
}

/** Waits (up to 5 s) for a message from the view to reach the host. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
}

export function assertNoViewErrors(view: ViewUnderTest): void {
  assert.deepEqual(view.pageErrors, [], 'no exceptions or console errors in the page');
  assert.deepEqual(
    view.toView.filter((m) => m.type === 'graph/error'),
    [],
    'the host refused no message of the view',
  );
  // Everything the view sent is a valid contract message.
  for (const m of view.fromView) assert.ok(checkGraphViewMessage(m).ok, JSON.stringify(m).slice(0, 200));
}
