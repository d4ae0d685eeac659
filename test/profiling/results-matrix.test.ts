// A profile matrix in the results view (dist/results.js) in headless Chromium, hosted by a real ResultsSession: the
// table of two real corpus runs (ResNet-50 on an A100, FP16 and FP32, as two cells) and a failed cell whose reason
// holds markup; best per column, failures as text, "Open run", "Copy as CSV" (the host's CSV), refused messages,
// and screenshots in the four theme kinds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { MatrixTable } from '../../server/contract/profile-matrix';
import type { StoredRun } from '../../server/contract/runs';
import { matrixCsv, matrixTable, rowMetrics } from '../../server/profiling/matrix-table';
import { storeSource } from '../../server/profiling/results-session';
import { RunStore } from '../../server/profiling/run-store';
import { scratchDir } from '../support/paths';
import { launchBrowser, type ServedPage } from '../webview/harness';
import { applyTheme, THEMES, type ThemeKind } from '../webview/themes';
import { contrastViolations } from '../webview/contrast';
import { importCorpusRun, openResultsPage, serveResultsPage, type HostSeen } from './results-page-host';

const MODEL = '/models/resnet50.onnx';
const FAILURE = 'trtexec exited 1: <img src=x onerror="window.__pwned=1"> Unsupported ONNX data type: UINT8';

describe('profile matrix in the results view', () => {
  let browser: Browser;
  let served: ServedPage;
  let page: Page;
  let table: MatrixTable;
  let fp16: StoredRun;
  const seen: HostSeen = { overlays: [], invalid: [], toView: [], pageErrors: [], copied: [] };
  const shots = scratchDir('results-matrix');

  before(async () => {
    const store = new RunStore(scratchDir('results-matrix-store'));
    const fp32 = await importCorpusRun(store, MODEL, 'fp32', new Date('2026-03-01T10:00:00Z'));
    fp16 = await importCorpusRun(store, MODEL, 'fp16', new Date('2026-03-02T10:00:00Z'));
    const cell = (key: string, host: string, profile: string, run: StoredRun, fromStore: boolean) => ({
      key,
      host,
      image: 'nvcr.io/nvidia/tensorrt:25.01-py3',
      profile,
      ok: true,
      fromStore,
      ...rowMetrics(run.run, run.latencySamplesMs),
      storedRunId: run.id,
    });
    table = matrixTable(MODEL, [
      cell('k1', 'a100', 'p1', fp16, true),
      { ...cell('k2', 'a100', 'p2', fp32, false), slurmJob: '41_1' },
      { key: 'k3', host: 'l4 box', profile: 'p1', ok: false, fromStore: false, failure: FAILURE },
    ]);
    served = await serveResultsPage();
    browser = await launchBrowser();
    ({ page } = await openResultsPage(browser, served, storeSource(store, MODEL), seen, { matrix: table }));
    await page.waitForSelector('table.matrix tbody tr');
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  const rows = () =>
    page.$$eval('table.matrix tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    );

  it('one row per cell with p50/p90/p99 and throughput; the best of each column marked with a word', async () => {
    const headers = await page.$$eval('table.matrix th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(headers, [
      'Host',
      'Image',
      'Profile',
      'p50 (ms)',
      'p90 (ms)',
      'p99 (ms)',
      'Throughput (qps)',
      'Status',
    ]);
    const shown = await rows();
    assert.equal(shown.length, 3);
    const [first, second] = table.rows;
    assert.deepEqual(shown[0].slice(0, 3), ['a100', 'nvcr.io/nvidia/tensorrt:25.01-py3', 'p1']);
    assert.equal(shown[0][3].replace(/best$/, ''), first.p50Ms!.toFixed(3));
    assert.equal(shown[1][6].replace(/best$/, ''), second.throughputQps!.toFixed(1));
    // FP16 has the lower latencies, so it wins those columns; the marks sit exactly where the table says.
    assert.equal(table.best.p50Ms, 'k1');
    const marks = await page.$$eval('td.best', (tds) =>
      tds.map((td) => [
        td.closest('tr')!.dataset.key,
        (td as HTMLTableCellElement).cellIndex,
        td.querySelector('.best-mark')?.textContent,
      ]),
    );
    const columnIndex = { p50Ms: 3, p90Ms: 4, p99Ms: 5, throughputQps: 6 };
    assert.deepEqual(
      marks.sort(),
      Object.entries(table.best)
        .map(([column, key]) => [key, columnIndex[column as keyof typeof columnIndex], 'best'])
        .sort(),
    );
    assert.match(shown[0][7], /^ok · from an earlier run Open run$/);
    assert.match(shown[1][7], /^ok · Slurm job 41_1 Open run$/);
  });

  it('a failed cell shows its reason as text, never as markup', async () => {
    const shown = await rows();
    assert.deepEqual(shown[2].slice(3, 7), ['–', '–', '–', '–']);
    assert.equal(shown[2][7], `failed: ${FAILURE}`);
    assert.equal(await page.$$eval('table.matrix img', (imgs) => imgs.length), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.match((await page.textContent('header .meta')) ?? '', /resnet50\.onnx · 3 cells · 1 failed/);
  });

  it('"Copy as CSV" copies the host\'s own table; "Open run" shows that run', async () => {
    await page.click('button.copy-csv');
    await waitFor(() => seen.copied!.length === 1);
    assert.equal(seen.copied![0].text, matrixCsv(table));
    assert.match(seen.copied![0].what, /3 cells/);
    await page.click('table.matrix tr[data-key="k1"] button.open-run');
    await page.waitForSelector('table.layers tbody tr');
    const shownRun = [...seen.toView].reverse().find((m) => m.type === 'results/show');
    assert.ok(shownRun?.type === 'results/show' && shownRun.run.id === fp16.id);
  });

  it('refuses malformed copy messages from the page', async () => {
    await page.evaluate(() => {
      const host = (window as unknown as { __modelreadyHost: (m: unknown) => void }).__modelreadyHost;
      host({ type: 'results/copyMatrixCsv', csv: 'x,y' });
    });
    await waitFor(() => seen.invalid.length === 1);
    assert.deepEqual(seen.invalid, ['results/copyMatrixCsv: unexpected field "csv"']);
    assert.equal(seen.copied!.length, 1);
  });

  it('screenshots in the four theme kinds, readable (axe-core color-contrast); no CSP violation, no page error', async () => {
    const matrixPage = (
      await openResultsPage(browser, served, storeSource(new RunStore(shots), MODEL), seen, {
        matrix: table,
        note: 'Cancelled: 1 of 3 cells did not run.',
      })
    ).page;
    await matrixPage.waitForSelector('table.matrix tbody tr');
    assert.equal(await matrixPage.textContent('p.note'), 'Cancelled: 1 of 3 cells did not run.');
    await matrixPage.setViewportSize({ width: 1100, height: 360 });
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(matrixPage, kind);
      await matrixPage.screenshot({ path: path.join(shots, `matrix-${kind}.png`) });
      // Buttons included: high contrast themes leave the secondary button background unset.
      const violations = await contrastViolations(matrixPage);
      assert.deepEqual(violations, [], `${kind}: ${violations.join('\n')}`);
    }
    for (const p of [page, matrixPage])
      assert.deepEqual(
        await p.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
        [],
      );
    assert.deepEqual(seen.pageErrors, []);
    console.log(`screenshots in ${shots}`);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
