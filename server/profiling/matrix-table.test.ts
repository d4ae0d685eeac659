// The profile matrix table: best cell per column (lowest latency, highest throughput, failures never win), the text
// and CSV forms (RFC 4180 quoting of a failure reason with commas, quotes and a newline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatrixRow } from '../contract/profile-matrix';
import type { ImportedRun } from '../contract/trtexec-results';
import { matrixCsv, matrixTable, matrixText, rowMetrics } from './matrix-table';

const row = (key: string, extra: Partial<MatrixRow>): MatrixRow => ({
  key,
  host: `host-${key}`,
  profile: 'p1',
  ok: true,
  fromStore: false,
  ...extra,
});

const rows = [
  row('a', { p50Ms: 2, p90Ms: 3, p99Ms: 9, throughputQps: 400 }),
  row('b', { p50Ms: 1.5, p90Ms: 3.5, p99Ms: 4, throughputQps: 380, image: 'nvcr.io/nvidia/tensorrt:25.01-py3' }),
  row('c', { ok: false, failure: 'Slurm job 7_2 was killed by its time limit, on "mrnode"\nsee log', p50Ms: 0.1 }),
  row('d', { p50Ms: 3, throughputQps: 500, fromStore: true }),
];

test('best per column: lowest latency, highest throughput; a failed cell never wins', () => {
  const table = matrixTable('/m.onnx', rows);
  assert.deepEqual(table.best, { p50Ms: 'b', p90Ms: 'a', p99Ms: 'b', throughputQps: 'd' });
  assert.deepEqual(matrixTable('/m.onnx', [rows[2]]).best, {});
});

test('text: one aligned line per cell, the best value starred, failures with their reason on one line', () => {
  const lines = matrixText(matrixTable('/m.onnx', rows)).trimEnd().split('\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^profile matrix of \/m\.onnx/);
  assert.match(
    lines[3],
    /host-b +nvcr\.io\/nvidia\/tensorrt:25\.01-py3 +p1 +1\.500 \* +3\.500 +4\.000 \* +380\.0 +ok$/,
  );
  assert.match(lines[4], /failed: Slurm job 7_2 was killed by its time limit, on "mrnode" see log$/);
  assert.match(lines[5], /500\.0 \* +ok \(stored\)$/);
});

test('CSV: header, raw numbers, quoted reasons, best columns named', () => {
  const csv = matrixCsv(matrixTable('/m.onnx', rows));
  assert.ok(csv.endsWith('\r\n'));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'host,image,profile,p50_ms,p90_ms,p99_ms,throughput_qps,ok,stored,failure,best,slurm_job');
  assert.equal(lines[1], 'host-a,,p1,2,3,9,400,true,false,,p90Ms,');
  assert.equal(lines[2], 'host-b,nvcr.io/nvidia/tensorrt:25.01-py3,p1,1.5,3.5,4,380,true,false,,p50Ms p99Ms,');
  // The reason's own newline stays inside its quotes; records end with CRLF.
  assert.equal(
    lines[3],
    'host-c,,p1,0.1,,,,false,false,"Slurm job 7_2 was killed by its time limit, on ""mrnode""\nsee log",,',
  );
});

test('metrics: the summary percentiles; one it lacks (trtexec < 8.6 prints p99 alone) from the per-inference times', () => {
  const stats = { minMs: 1, maxMs: 9, meanMs: 2, medianMs: 2, percentilesMs: { '99': 8.5 } };
  const run = { summary: { latency: stats, throughputQps: 450 } } as unknown as ImportedRun;
  const samples = Array.from({ length: 100 }, (_, i) => (i + 1) / 10);
  assert.deepEqual(rowMetrics(run, samples), { p50Ms: 2, p90Ms: 9, p99Ms: 8.5, throughputQps: 450 });
  assert.deepEqual(rowMetrics(run), { p50Ms: 2, p90Ms: undefined, p99Ms: 8.5, throughputQps: 450 });
});
