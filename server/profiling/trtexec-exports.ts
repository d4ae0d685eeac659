// Parsers for the JSON files trtexec writes (--exportProfile, --exportLayerInfo, --exportTimes) and for the
// summaries TensorRT Engine Explorer (TREx) stores beside them (*.profile.metadata.json, *.build.metadata.json,
// device *.metadata.json). Each throws TrtexecFormatError naming what is wrong; the caller adds the file name.
import type {
  DeviceInfo,
  EngineLayerInfo,
  LayerInfo,
  LayerProfile,
  TimingStats,
  TrtexecSummary,
} from '../contract/trtexec-results';

export class TrtexecFormatError extends Error {}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finiteNumber(v: Json, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TrtexecFormatError(`${what} is not a number`);
  return v;
}

/** `[{"count": N}, {"name","timeMs","averageMs","medianMs","percentage"}, …]` */
export function parseProfileJson(data: Json): LayerProfile {
  if (!Array.isArray(data) || data.length === 0 || !isObject(data[0]) || !('count' in data[0])) {
    throw new TrtexecFormatError('not an --exportProfile file: expected an array starting with {"count": N}');
  }
  const iterations = finiteNumber(data[0].count, 'profile "count"');
  const layers = data.slice(1).map((row, i) => {
    const where = `profile entry ${i + 1}`;
    if (!isObject(row) || typeof row.name !== 'string') throw new TrtexecFormatError(`${where} has no "name"`);
    return {
      name: row.name,
      timeMs: finiteNumber(row.timeMs, `${where} "timeMs"`),
      averageMs: finiteNumber(row.averageMs, `${where} "averageMs"`),
      // Older exports have no median: it stays null (shown as "—"), never filled from the average.
      medianMs: row.medianMs === undefined ? null : finiteNumber(row.medianMs, `${where} "medianMs"`),
      percentage: finiteNumber(row.percentage, `${where} "percentage"`),
    };
  });
  return { iterations, layers };
}

function tensorNames(v: Json): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((t) => (isObject(t) && typeof t.Name === 'string' ? [t.Name] : []));
}

/** `{"Layers": [...], "Bindings": [...]}`; layers are objects (detailed verbosity) or plain names. */
export function parseLayerInfoJson(data: Json): EngineLayerInfo {
  if (!isObject(data) || !Array.isArray(data.Layers)) {
    throw new TrtexecFormatError('not an --exportLayerInfo file: expected an object with a "Layers" array');
  }
  const layers: LayerInfo[] = data.Layers.map((layer, i) => {
    if (typeof layer === 'string') return { name: layer, inputs: [], outputs: [] };
    if (!isObject(layer) || typeof layer.Name !== 'string') throw new TrtexecFormatError(`layer ${i} has no "Name"`);
    const info: LayerInfo = {
      name: layer.Name,
      inputs: tensorNames(layer.Inputs),
      outputs: tensorNames(layer.Outputs),
    };
    if (typeof layer.LayerType === 'string') info.layerType = layer.LayerType;
    if (typeof layer.Metadata === 'string') info.metadata = layer.Metadata;
    if (typeof layer.TacticName === 'string') info.tacticName = layer.TacticName;
    if (typeof layer.Origin === 'string') info.origin = layer.Origin;
    return info;
  });
  const bindings = Array.isArray(data.Bindings) ? data.Bindings.filter((b): b is string => typeof b === 'string') : [];
  return { layers, bindings };
}

/** Nearest-rank percentile over an ascending array: the smallest value with at least p% of samples at or below it. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function statsOf(values: number[]): TimingStats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return {
    minMs: sorted[0],
    maxMs: sorted[n - 1],
    meanMs: sorted.reduce((s, v) => s + v, 0) / n,
    medianMs: n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    percentilesMs: { '90': percentile(sorted, 90), '95': percentile(sorted, 95), '99': percentile(sorted, 99) },
  };
}

const TIMES_KEYS = ['startEnqMs', 'endEnqMs', 'h2dMs', 'computeMs', 'd2hMs', 'latencyMs'] as const;

/** --exportTimes: one record per inference; we reduce it to the same stats the log prints. */
export function parseTimesJson(data: Json): Partial<TrtexecSummary> {
  if (!Array.isArray(data) || data.length === 0 || !isObject(data[0]) || !('computeMs' in data[0])) {
    throw new TrtexecFormatError(
      'not an --exportTimes file: expected an array of {"computeMs", "latencyMs", …} records',
    );
  }
  const columns: Record<(typeof TIMES_KEYS)[number], number[]> = {
    startEnqMs: [],
    endEnqMs: [],
    h2dMs: [],
    computeMs: [],
    d2hMs: [],
    latencyMs: [],
  };
  data.forEach((row, i) => {
    if (!isObject(row)) throw new TrtexecFormatError(`times entry ${i} is not an object`);
    for (const key of TIMES_KEYS) columns[key].push(finiteNumber(row[key], `times entry ${i} "${key}"`));
  });
  return {
    timedInferences: data.length,
    latency: statsOf(columns.latencyMs),
    enqueue: statsOf(columns.endEnqMs.map((end, i) => end - columns.startEnqMs[i])),
    h2d: statsOf(columns.h2dMs),
    gpuCompute: statsOf(columns.computeMs),
    d2h: statsOf(columns.d2hMs),
  };
}

/** Per-inference latencies of an --exportTimes file for a histogram, evenly thinned to at most `max` samples (each stored run carries them, so they stay small). */
export function latencySamplesFromTimes(data: Json, max = 5_000): number[] {
  if (!Array.isArray(data)) throw new TrtexecFormatError('not an --exportTimes file: expected an array');
  const step = Math.max(1, data.length / max);
  const samples: number[] = [];
  for (let i = 0; i < data.length && samples.length < max; i += step) {
    const row = data[Math.floor(i)];
    samples.push(finiteNumber(isObject(row) ? row.latencyMs : undefined, `times entry ${Math.floor(i)} "latencyMs"`));
  }
  return samples;
}

/**
 * TREx stores each log stat as an array [min, max, mean, median, …percentiles]: one trailing value when the log
 * printed only percentile(99%) (TensorRT 8.0–8.2), three when it printed 90/95/99 (8.4 and later).
 */
function statsFromTrexArray(v: Json, what: string): TimingStats | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || (v.length !== 5 && v.length !== 7))
    throw new TrtexecFormatError(`${what} is not a [min, max, mean, median, percentiles…] array`);
  const n = v.map((x, i) => finiteNumber(x, `${what}[${i}]`));
  const percentilesMs: Record<string, number> =
    n.length === 5 ? { '99': n[4] } : { '90': n[4], '95': n[5], '99': n[6] };
  return { minMs: n[0], maxMs: n[1], meanMs: n[2], medianMs: n[3], percentilesMs };
}

function stringRecord(v: Json): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function optionalNumber(v: Json): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** TREx `*.profile.metadata.json` (parsed trtexec inference log). */
export function parseTrexProfileMetadata(data: Json): Partial<TrtexecSummary> {
  if (!isObject(data) || !isObject(data.performance_summary)) {
    throw new TrtexecFormatError('not a TREx profile metadata file: no "performance_summary" object');
  }
  const perf = data.performance_summary;
  const out: Partial<TrtexecSummary> = {
    throughputQps: optionalNumber(perf['Throughput']),
    latency: statsFromTrexArray(perf['Latency'], '"Latency"'),
    enqueue: statsFromTrexArray(perf['Enqueue Time'], '"Enqueue Time"'),
    h2d: statsFromTrexArray(perf['H2D Latency'], '"H2D Latency"'),
    gpuCompute: statsFromTrexArray(perf['GPU Compute Time'], '"GPU Compute Time"'),
    d2h: statsFromTrexArray(perf['D2H Latency'], '"D2H Latency"'),
    totalHostWalltimeS: optionalNumber(perf['Total Host Walltime']),
    totalGpuComputeS: optionalNumber(perf['Total GPU Compute Time']),
    inferenceOptions: stringRecord(data.inference_options),
  };
  if (isObject(data.device_information)) {
    const d = data.device_information;
    const device: DeviceInfo = {
      name: typeof d['Selected Device'] === 'string' ? d['Selected Device'] : undefined,
      computeCapability: d['Compute Capability'] === undefined ? undefined : Number(d['Compute Capability']).toFixed(1),
      sms: optionalNumber(d['SMs']),
      computeClockGHz: optionalNumber(d['Compute Clock Rate']),
      memoryClockGHz: optionalNumber(d['Memory Clock Rate']),
      globalMemoryMiB:
        typeof d['Device Global Memory'] === 'string' ? parseFloat(d['Device Global Memory']) : undefined,
      sharedMemoryPerSmKiB:
        typeof d['Shared Memory per SM'] === 'string' ? parseFloat(d['Shared Memory per SM']) : undefined,
      memoryBusWidthBits: optionalNumber(d['Memory Bus Width']),
    };
    out.device = device;
  }
  return dropUndefined(out);
}

/** TREx `*.build.metadata.json` (parsed trtexec build log). */
export function parseTrexBuildMetadata(data: Json): Partial<TrtexecSummary> {
  if (!isObject(data) || !isObject(data.build_options))
    throw new TrtexecFormatError('not a TREx build metadata file: no "build_options"');
  return { buildOptions: { ...stringRecord(data.model_options), ...stringRecord(data.build_options) } };
}

/** TREx device `*.metadata.json`: an array of CUDA device property objects. */
export function parseTrexDeviceMetadata(data: Json): Partial<TrtexecSummary> {
  if (!Array.isArray(data) || !isObject(data[0]) || typeof data[0].Name !== 'string') {
    throw new TrtexecFormatError('not a TREx device metadata file');
  }
  const d = data[0];
  const cc = Array.isArray(d.ComputeCapability) ? d.ComputeCapability.join('.') : undefined;
  const device: DeviceInfo = {
    name: d.Name as string,
    computeCapability: cc,
    sms: optionalNumber(d.MULTIPROCESSOR_COUNT),
    // CUDA reports clocks in kHz and memory in bytes.
    computeClockGHz: optionalNumber(d.CLOCK_RATE) === undefined ? undefined : (d.CLOCK_RATE as number) / 1e6,
    memoryClockGHz:
      optionalNumber(d.MEMORY_CLOCK_RATE) === undefined ? undefined : (d.MEMORY_CLOCK_RATE as number) / 1e6,
    globalMemoryMiB:
      optionalNumber(d.TotalMemory) === undefined ? undefined : Math.floor((d.TotalMemory as number) / 2 ** 20),
    memoryBusWidthBits: optionalNumber(d.GLOBAL_MEMORY_BUS_WIDTH),
  };
  return { device: dropUndefined(device) };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
