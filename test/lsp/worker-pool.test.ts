// The analysis pool on a real worker thread whose jobs misbehave on purpose (crash, hang, exhaust the heap):
// each failure ends only its own job, and the pool goes on with a fresh worker.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JobCancelledError, WorkerPool } from '../../server/lsp/worker-pool';
import type { WorkerJob } from '../../server/lsp/worker-jobs';
import { scratchDir } from '../support/paths';

// A stand-in analysis worker: the job's `file` says how it behaves.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, job }) => {
  const [what, arg] = job.file.split(':');
  if (what === 'exit') process.exit(3);
  if (what === 'hang') for (;;);
  if (what === 'hog') { const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length)); }
  if (what === 'sleep') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(arg));
  parentPort.postMessage({ id, ok: true, result: job.file });
});
`;

const job = (file: string): WorkerJob => ({ kind: 'analyze', file, overlays: {}, settings: {} });

describe('analysis worker pool', () => {
  let pool: WorkerPool;
  const logged: string[] = [];

  // The time limit leaves room for a worker's start-up on a loaded 2-core machine.
  before(() => {
    const workerFile = path.join(scratchDir('worker-pool'), 'worker.cjs');
    fs.writeFileSync(workerFile, WORKER_SOURCE);
    pool = new WorkerPool({ workerFile, size: 1, timeoutMs: 6000, maxHeapMb: 32, log: (m) => logged.push(m) });
  });

  after(() => pool.close());

  it('ends a job whose worker exits with an error, and runs the next job on a fresh worker', async () => {
    await assert.rejects(pool.run(job('exit'), 'interactive'), /analysis worker exited \(code 3\)/);
    assert.equal(await pool.run(job('ok'), 'interactive'), 'ok');
  });

  it('stops a job that runs past its time limit', async () => {
    await assert.rejects(pool.run(job('hang'), 'interactive'), /longer than 6 s/);
    assert.equal(await pool.run(job('after-hang'), 'interactive'), 'after-hang');
  });

  it('ends a job that exhausts its heap cap without taking the process with it', async () => {
    await assert.rejects(pool.run(job('hog'), 'interactive'), /analysis worker (failed|exited)/);
    assert.equal(await pool.run(job('after-hog'), 'interactive'), 'after-hog');
    assert.ok(logged.length >= 3, logged.join('\n'));
  });

  it('replaces a queued job by a newer one with the same key, and drops a queued job whose request was cancelled', async () => {
    const busy = pool.run(job('sleep:200'), 'background');
    const stale = pool.run(job('old'), 'background', { key: 'a' });
    const fresh = pool.run(job('new'), 'background', { key: 'a' });
    let cancel: () => void = () => {};
    const signal = {
      isCancellationRequested: false,
      onCancellationRequested: (listener: () => void) => (cancel = listener),
    };
    const cancelled = pool.run(job('cancelled'), 'background', { cancel: signal });
    cancel();
    await assert.rejects(stale, JobCancelledError);
    await assert.rejects(cancelled, /request cancelled/);
    assert.equal(await busy, 'sleep:200');
    assert.equal(await fresh, 'new');
  });

  it('runs interactive jobs before queued background ones', async () => {
    const order: string[] = [];
    const track = (p: Promise<string>) => p.then((r) => order.push(r));
    const busy = track(pool.run(job('sleep:100'), 'background'));
    const background = track(pool.run(job('background'), 'background'));
    const interactive = track(pool.run(job('interactive'), 'interactive'));
    await Promise.all([busy, background, interactive]);
    assert.deepEqual(order, ['sleep:100', 'interactive', 'background']);
  });
});
