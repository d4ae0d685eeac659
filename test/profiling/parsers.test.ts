// Parsers on every trtexec file of the corpus. Expected values are computed here straight from the JSON
// (or read off the files by hand), never taken from the parser under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { corpusFiles, readJson } from './corpus';
import {
  parseLayerInfoJson,
  parseProfileJson,
  parseTimesJson,
  parseTrexBuildMetadata,
  parseTrexDeviceMetadata,
  parseTrexProfileMetadata,
} from '../../server/profiling/trtexec-exports';
import { parseTrtexecLog } from '../../server/profiling/trtexec-log';
import { renderLog } from '../fixtures/trtexec-double/render-log.mjs';

const profiles = corpusFiles('.profile.json');
const graphs = corpusFiles('.graph.json');
const timings = corpusFiles('.timing.json');
const profileMetas = corpusFiles('.profile.metadata.json');
const buildMetas = corpusFiles('.build.metadata.json');
const deviceMetas = corpusFiles('.engine.metadata.json');

test('the corpus holds the expected trtexec files', () => {
  assert.equal(profiles.length, 5);
  assert.equal(graphs.length, 5);
  assert.equal(timings.length, 4);
  assert.equal(profileMetas.length, 5);
  assert.equal(buildMetas.length, 5);
  assert.equal(deviceMetas.length, 3);
});

for (const file of profiles) {
  test(`--exportProfile ${file.split('/trex/')[1]}`, () => {
    const raw = readJson(file);
    const parsed = parseProfileJson(raw);
    assert.equal(parsed.iterations, raw[0].count);
    assert.equal(parsed.layers.length, raw.length - 1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    raw.slice(1).forEach((row: any, i: number) => {
      assert.deepEqual(parsed.layers[i], {
        name: row.name,
        timeMs: row.timeMs,
        averageMs: row.averageMs,
        medianMs: row.medianMs,
        percentage: row.percentage,
      });
    });
    // trtexec's percentages are of the profiled total: they add up to 100 within rounding.
    const total = parsed.layers.reduce((s, l) => s + l.percentage, 0);
    assert.ok(Math.abs(total - 100) < 0.01, `percentages sum to ${total}`);
  });
}

test('exact figures read off the A100 FP16 profile', () => {
  const p = parseProfileJson(readJson(profiles.find((f) => f.includes('A100/fp16'))!));
  assert.equal(p.iterations, 1);
  assert.deepEqual(p.layers[0], {
    name: 'Reformatting CopyNode for Input Tensor 0 to Conv_0 + Relu_1',
    timeMs: 0.080896,
    averageMs: 0.080896,
    medianMs: 0.080896,
    percentage: 7.95569,
  });
  assert.deepEqual(p.layers[1], {
    name: 'Conv_0 + Relu_1',
    timeMs: 0.111616,
    averageMs: 0.111616,
    medianMs: 0.111616,
    percentage: 10.9768,
  });
});

for (const file of graphs) {
  test(`--exportLayerInfo ${file.split('/trex/')[1]}`, () => {
    const raw = readJson(file);
    const info = parseLayerInfoJson(raw);
    assert.deepEqual(info.bindings, raw.Bindings);
    assert.equal(info.layers.length, raw.Layers.length);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    raw.Layers.forEach((l: any, i: number) => {
      assert.equal(info.layers[i].name, l.Name);
      assert.equal(info.layers[i].layerType, l.LayerType);
      assert.deepEqual(
        info.layers[i].inputs,
        l.Inputs.map((t: { Name: string }) => t.Name),
      );
      assert.deepEqual(
        info.layers[i].outputs,
        l.Outputs.map((t: { Name: string }) => t.Name),
      );
    });
  });
}

test('exact layer info figures of the A100 FP16 engine', () => {
  const info = parseLayerInfoJson(readJson(graphs.find((f) => f.includes('A100/fp16'))!));
  assert.deepEqual(info.bindings, ['input.1', '191']);
  assert.equal(info.layers[1].name, 'Conv_0 + Relu_1');
  assert.equal(info.layers[1].layerType, 'CaskConvolution');
  assert.equal(
    info.layers[1].tacticName,
    'trt_turing_cutlass_image_network_first_layer_hmma_fprop_f16f16f32_nhwc_nhwc_k64r7s7c4_stride2x2',
  );
  assert.deepEqual(info.layers[1].outputs, ['onnx::MaxPool_125']);
});

/** Independent reference: sort, then the smallest value with at least p% of samples <= it, found by counting. */
function referencePercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  for (const v of sorted) if (sorted.filter((x) => x <= v).length * 100 >= p * sorted.length) return v;
  throw new Error('unreachable');
}

const EXPECTED_TIMED_INFERENCES: Record<string, number> = {
  'A100/fp16': 3698,
  'A100/fp32': 1600,
  'A100/qat': 3614,
  'RTX-3090/fp16': 795,
};

for (const file of timings) {
  test(`--exportTimes ${file.split('/trex/')[1]}`, () => {
    const raw: Record<string, number>[] = readJson(file);
    const parsed = parseTimesJson(raw);
    const key = Object.keys(EXPECTED_TIMED_INFERENCES).find((k) => file.includes(k))!;
    assert.equal(parsed.timedInferences, EXPECTED_TIMED_INFERENCES[key]);
    const compute = raw.map((r) => r.computeMs);
    assert.equal(parsed.gpuCompute!.minMs, Math.min(...compute));
    assert.equal(parsed.gpuCompute!.maxMs, Math.max(...compute));
    let sum = 0;
    for (const c of compute) sum += c;
    assert.ok(Math.abs(parsed.gpuCompute!.meanMs - sum / compute.length) < 1e-9);
    for (const p of [90, 95, 99])
      assert.equal(parsed.gpuCompute!.percentilesMs[String(p)], referencePercentile(compute, p));
    const enqueue = raw.map((r) => r.endEnqMs - r.startEnqMs);
    assert.equal(parsed.enqueue!.maxMs, Math.max(...enqueue));
    assert.equal(parsed.latency!.minMs, Math.min(...raw.map((r) => r.latencyMs)));
    assert.equal(parsed.h2d!.maxMs, Math.max(...raw.map((r) => r.h2dMs)));
  });
}

test('exact --exportTimes figures of the A100 FP16 run (read with python from the file)', () => {
  const parsed = parseTimesJson(readJson(timings.find((f) => f.includes('A100/fp16'))!));
  assert.equal(parsed.gpuCompute!.minMs, 0.842751);
  assert.equal(parsed.gpuCompute!.maxMs, 0.873472);
  assert.equal(parsed.gpuCompute!.medianMs, 0.862183);
});

/** TREx arrays are [min, max, mean, median, p99] or [min, max, mean, median, p90, p95, p99]. */
function expectStats(actual: unknown, arr: number[]) {
  const percentilesMs = arr.length === 5 ? { '99': arr[4] } : { '90': arr[4], '95': arr[5], '99': arr[6] };
  assert.deepEqual(actual, { minMs: arr[0], maxMs: arr[1], meanMs: arr[2], medianMs: arr[3], percentilesMs });
}

const STAT_KEYS = [
  ['Latency', 'latency'],
  ['Enqueue Time', 'enqueue'],
  ['H2D Latency', 'h2d'],
  ['GPU Compute Time', 'gpuCompute'],
  ['D2H Latency', 'd2h'],
] as const;

for (const file of profileMetas) {
  const raw = readJson(file);
  const perf = raw.performance_summary;
  test(`TREx profile metadata ${file.split('/trex/')[1]}`, () => {
    const s = parseTrexProfileMetadata(raw);
    assert.equal(s.throughputQps, perf.Throughput);
    for (const [key, field] of STAT_KEYS) expectStats(s[field], perf[key]);
    assert.equal(s.totalHostWalltimeS, perf['Total Host Walltime']);
    assert.equal(s.totalGpuComputeS, perf['Total GPU Compute Time']);
    assert.equal(s.device!.name, raw.device_information['Selected Device']);
    assert.equal(s.device!.sms, raw.device_information.SMs);
    assert.equal(s.inferenceOptions!['Iterations'], raw.inference_options.Iterations);
  });

  // The corpus keeps no raw logs, so each log is rendered from the recorded summary in the layout of the
  // TensorRT era that produced it (5-value arrays: <= 8.3; 7 values: 8.4+), and the 7-value record also as 10.x and 11.x.
  const versions = perf.Latency.length === 5 ? ['8.2.1'] : ['8.6.1', '10.13.0', '11.0.0'];
  for (const version of versions) {
    test(`trtexec ${version} log rendered from ${file.split('/trex/')[1]}`, () => {
      const log = renderLog({
        version,
        commandLine: 'trtexec --onnx=model.onnx',
        profileMetadata: raw,
        buildMetadata: undefined,
      });
      const s = parseTrtexecLog([...log.build, ...log.inference, ...log.end].join('\n'));
      assert.equal(s.tensorrtVersion, version);
      assert.equal(s.status, 'passed');
      assert.equal(s.throughputQps, perf.Throughput);
      for (const [key, field] of STAT_KEYS) expectStats(s[field], perf[key]);
      assert.equal(s.totalHostWalltimeS, perf['Total Host Walltime']);
      assert.equal(s.totalGpuComputeS, perf['Total GPU Compute Time']);
      const d = raw.device_information;
      assert.deepEqual(s.device, {
        name: d['Selected Device'],
        computeCapability: d['Compute Capability'].toFixed(1),
        sms: d.SMs,
        computeClockGHz: d['Compute Clock Rate'],
        memoryClockGHz: d['Memory Clock Rate'],
        globalMemoryMiB: parseFloat(d['Device Global Memory']),
        sharedMemoryPerSmKiB: parseFloat(d['Shared Memory per SM']),
        memoryBusWidthBits: d['Memory Bus Width'],
      });
      assert.deepEqual(s.inferenceOptions, raw.inference_options);
      assert.deepEqual(s.warnings, []);
    });
  }
}

test('exact figures of the A100 FP16 run summary', () => {
  const s = parseTrexProfileMetadata(readJson(profileMetas.find((f) => f.includes('A100/fp16'))!));
  assert.equal(s.throughputQps, 1155.36);
  assert.equal(s.gpuCompute!.medianMs, 0.862183);
  assert.equal(s.gpuCompute!.percentilesMs['99'], 0.871338);
  assert.equal(s.device!.computeCapability, '8.0');
});

for (const file of buildMetas) {
  test(`TREx build metadata ${file.split('/trex/')[1]}`, () => {
    const raw = readJson(file);
    const s = parseTrexBuildMetadata(raw);
    assert.equal(s.buildOptions!['Precision'], raw.build_options.Precision);
    assert.equal(s.buildOptions!['Model'], raw.model_options.Model);
  });
}

for (const file of deviceMetas) {
  test(`TREx device metadata ${file.split('/trex/')[1]}`, () => {
    const raw = readJson(file)[0];
    const s = parseTrexDeviceMetadata(readJson(file));
    assert.equal(s.device!.name, raw.Name);
    assert.equal(s.device!.computeCapability, raw.ComputeCapability.join('.'));
    assert.equal(s.device!.sms, raw.MULTIPROCESSOR_COUNT);
    assert.equal(s.device!.computeClockGHz, raw.CLOCK_RATE / 1e6);
  });
}

// --dumpProfile tables rendered from every recorded --exportProfile file, in both layouts trtexec has used.
for (const file of profiles) {
  for (const version of ['8.4.3', '10.13.0']) {
    test(`--dumpProfile table (trtexec ${version} layout) from ${file.split('/trex/')[1]}`, () => {
      const raw = readJson(file);
      const meta = readJson(profileMetas.find((m) => path.dirname(m) === path.dirname(file))!);
      const log = renderLog({
        version,
        commandLine: 'trtexec --dumpProfile',
        profileMetadata: meta,
        buildMetadata: undefined,
        profile: raw,
      });
      const s = parseTrtexecLog([...log.build, ...log.inference, ...log.end].join('\n'));
      assert.equal(s.dumpedProfile!.iterations, raw[0].count);
      const round = (v: number, d: number) => Number(v.toFixed(d));
      assert.deepEqual(
        s.dumpedProfile!.layers,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        raw.slice(1).map((r: any) => ({
          name: r.name,
          timeMs: round(r.timeMs, 2),
          averageMs: round(r.averageMs, 4),
          medianMs: round(r.medianMs, 4),
          percentage: round(r.percentage, 1),
        })),
      );
      // The summary around the table is unaffected.
      assert.equal(s.throughputQps, meta.performance_summary.Throughput);
    });
  }
}

test('--dumpProfile lines as older trtexec printed them (name first, no median column)', () => {
  const log = [
    '[06/26/2020-13:30:20] [I] === Profile (3786 iterations ) ===',
    '[06/26/2020-13:30:20] [I]                        Layer   Time (ms)   Avg. Time (ms)   Time %',
    '[06/26/2020-13:30:20] [I]                Logits/MatMul        5.56             0.00      0.2',
    '[06/26/2020-13:30:20] [I]  conv 12 + (Unnamed Layer* 199) [Shuffle]        5.70             0.00      0.2',
    '[06/26/2020-13:30:20] [I]                        Total     2800.00             0.74    100.0',
    '[06/26/2020-13:30:20] [I] ',
  ].join('\n');
  assert.deepEqual(parseTrtexecLog(log).dumpedProfile, {
    iterations: 3786,
    layers: [
      { name: 'Logits/MatMul', timeMs: 5.56, averageMs: 0, medianMs: null, percentage: 0.2 },
      { name: 'conv 12 + (Unnamed Layer* 199) [Shuffle]', timeMs: 5.7, averageMs: 0, medianMs: null, percentage: 0.2 },
    ],
  });
});
