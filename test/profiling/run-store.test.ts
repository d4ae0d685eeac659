// Runs kept per model and compared: real A100 FP32 vs FP16 resnet profiles from the corpus.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { importTrtexecFiles } from '../../server/profiling/import-results';
import { compareRuns, MAX_RUNS_PER_MODEL, nodeTimeShares, RunStore } from '../../server/profiling/run-store';
import { latencySamplesFromTimes } from '../../server/profiling/trtexec-exports';
import { corpusDir, scratchDir } from '../support/paths';

const a100 = path.join(corpusDir, 'trtexec/trex/examples/pytorch/resnet/A100');
const filesOf = (precision: string) =>
  ['profile.json', 'graph.json', 'profile.metadata.json'].map((suffix) =>
    path.join(a100, precision, `resnet.onnx.engine.${suffix}`),
  );

test('runs are saved per model, listed newest first, and compared', async () => {
  const store = new RunStore(scratchDir('runs'));
  const fp32 = await importTrtexecFiles(filesOf('fp32'));
  const fp16 = await importTrtexecFiles(filesOf('fp16'));
  const base = store.save('/models/resnet.onnx', 'FP32', fp32, new Date('2026-01-01T00:00:00Z'));
  const other = store.save('/models/resnet.onnx', 'FP16', fp16, new Date('2026-01-02T00:00:00Z'));
  store.save('/models/other.onnx', 'FP32', fp32);

  assert.deepEqual(
    store.list('/models/resnet.onnx').map((r) => r.label),
    ['FP16', 'FP32'],
  );
  assert.equal(store.load('/models/resnet.onnx', base.id)?.run.layers.length, fp32.layers.length);

  const comparison = compareRuns(base, other);
  const expected = fp16.summary.latency!.medianMs / fp32.summary.latency!.medianMs - 1;
  assert.equal(comparison.latencyMedianChange, expected);
  assert.ok(comparison.latencyMedianChange! < 0, 'FP16 is faster than FP32 on the A100 run');
  assert.equal(comparison.layers.length, new Set([...fp32.layers, ...fp16.layers].map((l) => l.name)).size);
  const magnitude = (d: (typeof comparison.layers)[number]) => Math.abs(d.deltaMs ?? d.otherMs ?? d.baseMs ?? 0);
  for (let i = 1; i < comparison.layers.length; i++)
    assert.ok(magnitude(comparison.layers[i - 1]) >= magnitude(comparison.layers[i]));
});

test('damaged run files are skipped and storage stays bounded', async () => {
  const root = scratchDir('runs-bounded');
  const store = new RunStore(root);
  const run = await importTrtexecFiles(filesOf('fp32'));
  for (let i = 0; i < MAX_RUNS_PER_MODEL + 3; i++)
    store.save('/m.onnx', `run ${i}`, run, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
  const runs = store.list('/m.onnx');
  assert.equal(runs.length, MAX_RUNS_PER_MODEL);
  assert.equal(runs[0].label, `run ${MAX_RUNS_PER_MODEL + 2}`);
  const folder = path.dirname(path.join(root, 'runs', fs.readdirSync(path.join(root, 'runs'))[0], 'x'));
  fs.writeFileSync(path.join(folder, 'broken.json'), '{"id": ');
  assert.equal(store.list('/m.onnx').length, MAX_RUNS_PER_MODEL);
});

test('runs stored before the engine field are trtexec runs; an unknown engine or an ORT run without its shape runs is skipped', async () => {
  const root = scratchDir('runs-engine');
  const store = new RunStore(root);
  const run = await importTrtexecFiles(filesOf('fp32'));
  const kept = store.save('/m.onnx', 'new', run, new Date('2026-01-03T00:00:00Z'));
  const folder = path.join(root, 'runs', fs.readdirSync(path.join(root, 'runs'))[0]);
  const write = (id: string, extra: object) =>
    fs.writeFileSync(path.join(folder, `${id}.json`), JSON.stringify({ ...kept, id, ...extra }));
  const legacy: Partial<typeof kept> = { ...kept };
  delete legacy.engine;
  fs.writeFileSync(
    path.join(folder, 'legacy.json'),
    JSON.stringify({ ...legacy, id: 'legacy', finishedAt: '2026-01-01T00:00:00.000Z' }),
  );
  write('future', { engine: 'tensorrt-llm' });
  write('ort-without-shapes', { engine: 'onnxruntime' });
  assert.deepEqual(
    store.list('/m.onnx').map((r) => [r.id, r.engine]),
    [
      [kept.id, 'trtexec'],
      ['legacy', 'trtexec'],
    ],
  );
});

test('node time shares add up to the mapped share of the profile', async () => {
  const run = await importTrtexecFiles(filesOf('fp32'));
  const { shares, unmappedShare } = nodeTimeShares(run);
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total + unmappedShare - 1) < 1e-9, `shares ${total} + unmapped ${unmappedShare} = 1`);
  assert.ok(Object.keys(shares).length > 10);
  const mappedLayers = run.layers.filter((l) => l.onnxNodes.length > 0);
  assert.ok(mappedLayers.length > 0);
});

test('latency samples for the histogram: every inference of a corpus run, long runs thinned evenly', () => {
  const timing = JSON.parse(fs.readFileSync(path.join(a100, 'fp16/resnet.onnx.engine.timing.json'), 'utf8')) as {
    latencyMs: number;
  }[];
  assert.deepEqual(
    latencySamplesFromTimes(timing),
    timing.map((t) => t.latencyMs),
  );
  const long = Array.from({ length: 12_000 }, (_, i) => ({ latencyMs: i }));
  const thinned = latencySamplesFromTimes(long);
  assert.equal(thinned.length, 5000);
  assert.equal(thinned[0], 0);
  assert.equal(thinned[4999], Math.floor(4999 * 2.4));
  assert.throws(() => latencySamplesFromTimes([{ latencyMs: 'x' }]), /times entry 0 "latencyMs" is not a number/);
});
