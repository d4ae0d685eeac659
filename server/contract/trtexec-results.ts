// The shapes every trtexec parser produces and the importer merges: one run summary plus per-layer rows, and the
// engine layers mapped back onto ONNX nodes (ImportedRun).
// Times are in milliseconds unless the field name says otherwise (…S = seconds).

/** min/max/mean/median and the percentiles trtexec printed (keys are the percent, e.g. "99"). */
export interface TimingStats {
  minMs: number;
  maxMs: number;
  meanMs: number;
  medianMs: number;
  percentilesMs: Record<string, number>;
}

export interface DeviceInfo {
  name?: string;
  computeCapability?: string;
  sms?: number;
  computeClockGHz?: number;
  memoryClockGHz?: number;
  globalMemoryMiB?: number;
  sharedMemoryPerSmKiB?: number;
  memoryBusWidthBits?: number;
}

export type TrtexecWarningKind = 'unstable-gpu-time' | 'enqueue-bound' | 'other';

export interface TrtexecWarning {
  kind: TrtexecWarningKind;
  message: string;
  /** Only for unstable-gpu-time: the coefficient of variance trtexec measured, in percent. */
  coefficientOfVariancePercent?: number;
}

export interface TrtexecSummary {
  /** e.g. "10.13.0" when the log says so (banner or "TensorRT version:" line). */
  tensorrtVersion?: string;
  /** PASSED / FAILED from the final "&&&&" line; absent when the log is cut short. */
  status?: 'passed' | 'failed';
  throughputQps?: number;
  latency?: TimingStats;
  /** TensorRT 8.x logs print an extra "End-to-End Host Latency" line. */
  endToEndHostLatency?: TimingStats;
  enqueue?: TimingStats;
  h2d?: TimingStats;
  gpuCompute?: TimingStats;
  d2h?: TimingStats;
  totalHostWalltimeS?: number;
  totalGpuComputeS?: number;
  device?: DeviceInfo;
  warnings: TrtexecWarning[];
  /** "Inference options"/"Build options" key/values when the source carries them. */
  inferenceOptions?: Record<string, string>;
  buildOptions?: Record<string, string>;
  /** Number of inferences an --exportTimes file holds (its stats fill the timing fields above). */
  timedInferences?: number;
  /** Per-layer table the log printed with --dumpProfile (rounded as printed; the --exportProfile JSON is exact). */
  dumpedProfile?: LayerProfile;
}

/** One row of an --exportProfile file, in the file's order. */
export interface LayerTime {
  name: string;
  timeMs: number;
  averageMs: number;
  /** null when the file has no median (TensorRT before 8.5: no median column, older exports): never the average. */
  medianMs: number | null;
  percentage: number;
}

export interface LayerProfile {
  /** How many profiled iterations the times cover (first element of the file). */
  iterations: number;
  layers: LayerTime[];
}

/** One engine layer from --exportLayerInfo (detailed verbosity gives all fields, lower verbosity only names). */
export interface LayerInfo {
  name: string;
  layerType?: string;
  /** Raw `Metadata` (TensorRT 10+): `[ONNX Layer: …]` entries joined by 0x1F. */
  metadata?: string;
  inputs: string[];
  outputs: string[];
  tacticName?: string;
  origin?: string;
}

export interface EngineLayerInfo {
  layers: LayerInfo[];
  bindings: string[];
}

export type MappingSource = 'metadata' | 'name' | 'foreign-node' | 'consumer' | 'unmapped';

export interface MappedLayer {
  name: string;
  /** Times from the profile; null when only layer info was given. */
  timeMs: number | null;
  averageMs: number | null;
  medianMs: number | null;
  percentage: number | null;
  layerType?: string;
  onnxNodes: string[];
  mappedBy: MappingSource;
}

export interface UnmappedTime {
  layers: string[];
  averageMs: number;
  percentage: number;
}

export interface LayerMapping {
  layers: MappedLayer[];
  unmapped: UnmappedTime;
}

export type TrtexecFileKind =
  'log' | 'profile' | 'layer-info' | 'times' | 'trex-profile-metadata' | 'trex-build-metadata' | 'trex-device-metadata';

export interface ImportedRun {
  summary: TrtexecSummary & {
    profiledIterations?: number;
    profileSource?: 'export' | 'log-dump';
    unmapped?: LayerMapping['unmapped'];
    sources: { file: string; kind: TrtexecFileKind }[];
  };
  layers: LayerMapping['layers'];
}
