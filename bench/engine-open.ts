// Opening a 2,000-layer engine description: read + JSON.parse + parse + profile join + ONNX mapping + findings
// (everything the engine view's first paint needs). Target: <= 500 ms. The description is the real QAT ResNet-50
// engine of the TREx corpus (TensorRT 8.4, A100) repeated with renamed layers until it has 2,000 layers; the
// reference measured in the same run is JSON.parse of the same text alone. A second line times the layer -> ONNX
// mapping of a profile alone (the trtexec import path, where reformat layers look their target up among the rows) at
// 2,000 and 16,000 layers in CPU time (the shared machine's wall clock is too noisy): near 8 is linear, 64 quadratic.
// Usage: MODELREADY_SHARED=/work/shared node --import tsx bench/engine-open.ts [--runs 7]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sharedRoot } from '../test/profiling/corpus';
import { loadEngineReport } from '../server/engine/load-engine';
import { mapLayersToOnnx } from '../server/profiling/layer-mapping';
import type { LayerProfile } from '../server/contract/trtexec-results';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const LAYERS = 2_000;
const TARGET_MS = 500;
const SCALE = 8;

const base = path.join(sharedRoot, 'corpus/trtexec/trex/examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine');
const layerInfo = JSON.parse(fs.readFileSync(`${base}.graph.json`, 'utf8'));
const profile = JSON.parse(fs.readFileSync(`${base}.profile.json`, 'utf8'));

const layers: unknown[] = [];
const rows: unknown[] = [profile[0]];
for (let copy = 0; layers.length < LAYERS || rows.length <= SCALE * LAYERS; copy++) {
  const rename = (name: string) => `${name} #${copy}`;
  for (const l of layerInfo.Layers) if (layers.length < LAYERS) layers.push({ ...l, Name: rename(l.Name) });
  for (const r of profile.slice(1)) rows.push({ ...r, name: rename(r.name), percentage: r.percentage / 60 });
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
const layersFile = path.join(dir, 'layers.json');
const profileFile = path.join(dir, 'profile.json');
fs.writeFileSync(layersFile, JSON.stringify({ Layers: layers, Bindings: layerInfo.Bindings }));
fs.writeFileSync(profileFile, JSON.stringify(rows.slice(0, LAYERS + 1)));

type Row = LayerProfile['layers'][number];
const profileOf = (n: number): LayerProfile => ({
  iterations: profile[0].count,
  layers: (rows.slice(1, n + 1) as Row[]).map((r) => ({ ...r })),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuTime = (f: () => unknown) => {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

try {
  const open: number[] = [];
  const reference: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    reference.push(time(() => JSON.parse(fs.readFileSync(layersFile, 'utf8'))));
    open.push(time(() => (count = loadEngineReport({ layers: layersFile, profile: profileFile }).layers.length)));
  }
  const mapSmall: number[] = [];
  const mapLarge: number[] = [];
  const [small, large] = [profileOf(LAYERS), profileOf(SCALE * LAYERS)];
  for (let i = 0; i < runs; i++) {
    mapSmall.push(cpuTime(() => mapLayersToOnnx(small, undefined)));
    mapLarge.push(cpuTime(() => mapLayersToOnnx(large, undefined)));
  }
  const ms = median(open);
  const ref = median(reference);
  console.log(`engine layers: ${count} (${(fs.statSync(layersFile).size / 1e6).toFixed(1)} MB JSON)`);
  console.log(`open (parse + profile + mapping + findings): median ${ms.toFixed(1)} ms over ${runs} runs`);
  console.log(`reference (read + JSON.parse only): median ${ref.toFixed(1)} ms; ratio ${(ms / ref).toFixed(2)}x`);
  console.log(`target <= ${TARGET_MS} ms: ${ms <= TARGET_MS ? 'met' : 'MISSED'}`);
  const [m1, m4] = [median(mapSmall), median(mapLarge)];
  console.log(
    `profile-only mapping (CPU): ${LAYERS} layers ${m1.toFixed(1)} ms, ${SCALE * LAYERS} layers ${m4.toFixed(1)} ms; ratio ${(m4 / m1).toFixed(1)}x for ${SCALE}x the layers (${SCALE} linear, ${SCALE * SCALE} quadratic)`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
