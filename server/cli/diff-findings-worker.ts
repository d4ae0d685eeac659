// The worker thread of `modelready diff` (bundled as dist/diff-findings-worker.js): the readiness findings of model A,
// computed while the main thread reads both models, diffs them and analyzes model B.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile } from '../analyze';

try {
  parentPort!.postMessage({ ok: true, findings: analyzeFile(workerData as string) });
} catch (error) {
  parentPort!.postMessage({ ok: false, error: String(error) });
}
