// A model's readiness findings on a worker thread, so `modelready diff` analyzes its two models at once. Any failure
// to run there (no worker script, a crash) answers undefined and the caller analyzes on its own thread instead.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../findings';

/**
 * The worker's bundle beside dist/cli.js. Run from source (tsx) there is none, and a worker could not load the
 * TypeScript anyway (Node 20 does not pass `--import` hooks to workers): both analyses then run on one thread.
 */
function workerScript(): string | undefined {
  const file = path.join(__dirname, 'diff-findings-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

export interface WorkerFindings {
  /** The findings, or undefined when the worker could not give them. */
  result: Promise<Finding[] | undefined>;
  /** Stops the worker (the caller no longer needs it). */
  stop(): void;
}

export function findingsOnWorker(file: string): WorkerFindings {
  const script = workerScript();
  if (!script) return { result: Promise.resolve(undefined), stop: () => undefined };
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: file });
  } catch {
    return { result: Promise.resolve(undefined), stop: () => undefined };
  }
  const result = new Promise<Finding[] | undefined>((resolve) => {
    worker.once('message', (m: { ok: boolean; findings?: Finding[] }) => resolve(m.ok ? m.findings : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  const stop = () => void worker.terminate();
  void result.then(stop);
  return { result, stop };
}
