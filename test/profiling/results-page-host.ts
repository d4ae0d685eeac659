// The results view (dist/results.js) in headless Chromium, in the page the extension serves (strict CSP), its
// acquireVsCodeApi stood in for by a real ResultsSession: what the view posts goes through the host's validator.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { GraphOverlay } from '../../server/contract/graph-view';
import type { ResultsHostMessage } from '../../server/contract/results-view';
import type { StoredRun } from '../../server/contract/runs';
import { importTrtexecFiles } from '../../server/profiling/import-results';
import { ResultsSession, type ResultsShown, type RunSource } from '../../server/profiling/results-session';
import type { RunStore } from '../../server/profiling/run-store';
import { latencySamplesFromTimes } from '../../server/profiling/trtexec-exports';
import { serveLiveView, type ServedPage } from '../webview/harness';
import { readJson, trexRoot } from './corpus';

const STAND_IN_API = `
  const violations = [];
  Object.defineProperty(window, '__cspViolations', { value: violations });
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__modelreadyHost(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => {} });
`;

/** Stores a real corpus run (ResNet-50 on an A100, imported from the recorded trtexec exports) for `model`. */
export async function importCorpusRun(
  store: RunStore,
  model: string,
  precision: 'fp32' | 'fp16',
  finishedAt: Date,
): Promise<StoredRun> {
  const dir = path.join(trexRoot, 'examples/pytorch/resnet/A100', precision);
  const files = ['profile.json', 'graph.json', 'profile.metadata.json', 'timing.json'].map((f) =>
    path.join(dir, `resnet.onnx.engine.${f}`),
  );
  const run = await importTrtexecFiles(files);
  return store.save(model, `A100 ${precision.toUpperCase()}`, run, finishedAt, {
    engine: 'trtexec',
    latencySamplesMs: latencySamplesFromTimes(readJson(files[3])),
  });
}

export function serveResultsPage(): Promise<ServedPage> {
  return serveLiveView('results');
}

/** What the host side saw: overlays and clipboard text handed on, refused messages, messages to the view. */
export interface HostSeen {
  overlays: GraphOverlay[];
  invalid: string[];
  toView: ResultsHostMessage[];
  pageErrors: string[];
  copied?: { text: string; what: string }[];
}

/** A results view page hosted by a real ResultsSession over `source`, first showing `initial` (default: newest run). */
export async function openResultsPage(
  browser: Browser,
  served: ServedPage,
  source: RunSource,
  seen: HostSeen,
  initial?: ResultsShown,
): Promise<{ page: Page; session: ResultsSession }> {
  const opened = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  opened.on('pageerror', (e) => seen.pageErrors.push(e.message));
  opened.on('console', (m) => m.type() === 'error' && seen.pageErrors.push(m.text()));
  let chain = Promise.resolve();
  const session = new ResultsSession(
    source,
    {
      post: (m) => {
        seen.toView.push(m);
        chain = chain
          .then(() => opened.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>))
          .catch(() => undefined);
      },
      showOverlay: (o) => seen.overlays.push(o),
      copyText: (text, what) => seen.copied?.push({ text, what }),
      onInvalid: (e) => seen.invalid.push(e),
    },
    initial,
  );
  await opened.exposeBinding('__modelreadyHost', (_source, message: unknown) => void session.receive(message));
  await opened.addInitScript(STAND_IN_API);
  await opened.goto(served.url);
  return { page: opened, session };
}
