// Typed access to the generated TensorRT ONNX-parser support matrix (scripts/gen-trt-matrix.mjs ->
// tensorrt-support.json) and the choice of the release a check targets.
import raw from './tensorrt-support.json';

export type RestrictionCheck =
  /** Pooling: kernel_shape's length; with inputIndex: that input's rank minus batch and channel. */
  | { kind: 'spatial-rank'; ranks: number[]; inputIndex?: number }
  | { kind: 'attribute-all-ones'; attribute: string }
  | { kind: 'attribute-equals'; attribute: string; value: number }
  | { kind: 'attribute-in'; attribute: string; values: string[] }
  | { kind: 'attribute-absent'; attribute: string }
  | { kind: 'input-initializer'; input: string }
  | { kind: 'input-constant'; input: string }
  | { kind: 'input-constant-equals'; input: string; value: number }
  | { kind: 'input-constant-less-than'; input: string; value: number }
  | { kind: 'input-absent'; input: string }
  | { kind: 'input-rank'; input?: string; inputIndex?: number; rank: number }
  | { kind: 'input-type'; input: string; type: string }
  | { kind: 'input-static-shape'; input: string }
  | { kind: 'output-unused'; output: string }
  | { kind: 'only-first-output'; output: string }
  | { kind: 'static-trip-count' }
  /** The input's dimension at the `attribute` axis must be static. */
  | { kind: 'input-dimension-static'; attribute: string }
  | { kind: 'einsum-equation'; forbid: ('ellipsis' | 'diagonal')[] }
  /** direction=bidirectional: the forward and reverse halves of `activations` must match. */
  | { kind: 'bidirectional-same-activations' }
  /** An ints attribute of 2n values (pads): the first n equal the last n. */
  | { kind: 'attribute-symmetric'; attribute: string }
  | { kind: 'branch-outputs-same-rank' }
  | { kind: 'branch-outputs-distinct-names' }
  /** Loop body: each loop-carried value has the same declared shape going in and coming out. */
  | { kind: 'loop-carried-same-shape' }
  /** When `input` is given, the ints `attribute` (if set) must be 0, 1, ..., rank-1. */
  | { kind: 'attribute-iota-with-input'; attribute: string; input: string }
  /** Signal input of STFT: last dimension 1 (real), not 2 (complex). */
  | { kind: 'input-real-valued'; inputIndex: number };

export interface TrtOperatorSupport {
  supported: boolean;
  /** ONNX data type names (FLOAT, FLOAT16, INT64, ...). */
  types: string[];
  notes?: string;
  checks?: RestrictionCheck[];
}

export interface TrtRelease {
  release: string;
  /** derivedFrom: a release with no table of its own whose rows the corpus pins to another's (reason says how). */
  source: { file: string; commit: string | null; derivedFrom?: string; reason?: string };
  opsetRange: { min: number | null; max: number };
  dataTypes: string[];
  /** Types the parser accepts only by casting them down: ONNX type name -> what it becomes. */
  castDown: Record<string, string>;
  operators: Record<string, TrtOperatorSupport>;
}

interface MatrixFile {
  releases: Record<string, TrtRelease>;
}

export const trtMatrix = raw as unknown as MatrixFile;

export function compareReleases(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export const knownTrtReleases = Object.keys(trtMatrix.releases).sort(compareReleases);
export const newestTrtRelease = knownTrtReleases[knownTrtReleases.length - 1];

export interface TrtTarget {
  /** The release the user asked for (or the newest known when none). */
  requested: string;
  /** The table used: the requested release's, or the newest table older than it. */
  table: TrtRelease;
}

/** Picks the support table for a requested TensorRT release; undefined when it predates every table. */
export function trtTarget(requested: string = newestTrtRelease): TrtTarget | undefined {
  const usable = knownTrtReleases.filter((r) => compareReleases(r, requested) <= 0);
  const chosen = usable[usable.length - 1];
  return chosen ? { requested, table: trtMatrix.releases[chosen] } : undefined;
}
