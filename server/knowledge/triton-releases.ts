// Typed access to the generated Triton release facts (scripts/gen-triton-releases.mjs -> triton-releases.json).
import raw from './triton-releases.json';

export interface TritonReleaseFacts {
  /** Container release, "25.08". */
  triton: string;
  serverVersion: string | null;
  onnxruntime: string | null;
  /** The main -py3 container's TensorRT; null where NVIDIA's text does not state it. */
  tensorrt: string | null;
  cuda: string | null;
  /** Minimum driver branch, "560". */
  driverMin: string | null;
  computeCapabilityMin: string | null;
  upstreamContainer: string | null;
  containers: {
    trtllm?: { image: string; tensorrt: string; cuda: string; driver: string; source: string };
    vllm?: { image: string; cuda: string; driver: string; source: string };
  };
  /** Field -> the corpus file (and line) it came from. */
  sources: Record<string, string>;
  disagreements: { field: string; chosen: string; chosenFrom: string; other: string; otherFrom: string }[];
}

export interface EngineVersionWord {
  word: number;
  /** TensorRT major.minor range that writes this serialization version word. */
  from: string;
  to: string;
}

interface ReleasesFile {
  releases: Record<string, TritonReleaseFacts>;
  onnxruntimeTensorrt: { source: string; rows: Record<string, string> };
  engineVersionWords: { source: string; note: string; rows: EngineVersionWord[] };
}

const file = raw as unknown as ReleasesFile;
export const tritonReleases: Record<string, TritonReleaseFacts> = file.releases;
export const engineVersionWords = file.engineVersionWords;
export const onnxruntimeTensorrt = file.onnxruntimeTensorrt;

export function tritonRelease(release: string): TritonReleaseFacts | undefined {
  return Object.hasOwn(tritonReleases, release) ? tritonReleases[release] : undefined;
}

/** "10.8.0.43" -> [10, 8, 0, 43]. */
export function versionParts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10));
}

/** Whether `given` (maybe shorter, "10.8") names the same release as `full` ("10.8.0.43"). */
export function sameVersion(given: string, full: string): boolean {
  const a = versionParts(given);
  const b = versionParts(full);
  return a.every((part, i) => i >= b.length || part === b[i]);
}

/** Compares two dotted versions part by part (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The TensorRT major.minor range a serialization version word belongs to, if the corpus has seen it. */
export function engineVersionWordRange(word: number): EngineVersionWord | undefined {
  return engineVersionWords.rows.find((r) => r.word === word);
}

/** The word a TensorRT release writes, when the corpus's ranges cover it. */
export function engineVersionWordFor(tensorrt: string): number | undefined {
  const majorMinor = versionParts(tensorrt).slice(0, 2).join('.');
  return engineVersionWords.rows.find(
    (r) => compareVersions(majorMinor, r.from) >= 0 && compareVersions(majorMinor, r.to) <= 0,
  )?.word;
}

/** ONNX Runtime release -> the TensorRT its TensorRT execution provider is built against. */
export function onnxruntimeTensorrtFor(onnxruntime: string): string | undefined {
  const majorMinor = versionParts(onnxruntime).slice(0, 2).join('.');
  return file.onnxruntimeTensorrt.rows[majorMinor];
}
