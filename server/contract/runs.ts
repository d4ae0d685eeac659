// Stored profiling runs (trtexec or ONNX Runtime), their comparison, and ONNX Runtime's local run result: what the
// run store keeps, the LSP run requests answer and the results view draws.
import type { Finding } from './findings';
import type { ImportedRun } from './trtexec-results';

/** What produced a stored run: trtexec (local, SSH or container host) or "Run with ONNX Runtime (local)". */
export type RunEngine = 'trtexec' | 'onnxruntime';

/** What an ONNX Runtime run adds to its stored run: the provider and the min/opt/max shape runs (the smoke test). */
export interface OrtRunDetails {
  provider: 'cpu';
  shapeRuns: OrtShapeRun[];
  /** Inputs whose symbolic dimensions had no profile entry and were run with 1. */
  assumedOne: string[];
}

/** A stored run as the run list shows it. */
export interface StoredRunInfo {
  id: string;
  engine: RunEngine;
  label: string;
  finishedAt: string;
  latencyMedianMs?: number;
  throughputQps?: number;
  /** The profiled model file (absolute path): runs of other models are offered for comparison too. */
  modelPath?: string;
}

export interface StoredRun {
  id: string;
  /** Runs stored before ONNX Runtime runs were kept have no engine: they are trtexec runs. */
  engine: RunEngine;
  modelPath: string;
  /** ISO time the run finished. */
  finishedAt: string;
  /** What the user chose, for telling runs apart (precision, host, TensorRT version...). */
  label: string;
  run: ImportedRun;
  /** Per-inference latencies (from --exportTimes, thinned) for the latency histogram; trtexec runs only. */
  latencySamplesMs?: number[];
  /** ONNX Runtime runs only. */
  onnxRuntime?: OrtRunDetails;
  /** A profile-matrix cell's key (model content, host, image, profile, choices): a stored cell is not run again. */
  matrixCell?: string;
  /** sha256 of the model file when the run was stored: runs of different exports of a model differ here. */
  modelHash?: string;
}

export interface LayerDelta {
  name: string;
  baseMs: number | null;
  otherMs: number | null;
  /** other - base, when both ran the layer. */
  deltaMs: number | null;
}

export interface RunComparison {
  base: string;
  other: string;
  /**
   * Runs of one engine are compared layer by layer; runs of different engines (ONNX Runtime nodes vs TensorRT's
   * fused layers) per ONNX node, each layer's time split evenly over its nodes, unmapped time in one row.
   */
  by: 'layer' | 'onnx-node';
  /**
   * Set when the runs profiled different exports (different model hashes, renamed nodes): the other run's nodes
   * were paired with the base's by the model diff's matching; `unmatched` nodes keep their own names.
   */
  nodeMatching?: { matched: number; unmatched: number };
  /** Relative change of the median latency and throughput (other / base - 1); undefined when either lacks it. */
  latencyMedianChange?: number;
  throughputChange?: number;
  gpuComputeMedianChange?: number;
  /** Layers of both runs, biggest absolute change first; layers only one run has carry null on the other side. */
  layers: LayerDelta[];
}

export type ProfilePoint = 'min' | 'opt' | 'max';

export interface OrtShapeRun {
  point: ProfilePoint;
  shapes: Record<string, number[]>;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface OrtNodeTime {
  name: string;
  opType: string;
  averageMs: number;
  runs: number;
  percentage: number;
}

export interface OrtLocalResult {
  runs: OrtShapeRun[];
  /** Per-node times at the opt shape, slowest first; empty when the opt run failed. */
  nodes: OrtNodeTime[];
  findings: Finding[];
  /** Inputs whose symbolic dimensions had no profile entry and were run with 1. */
  assumedOne: string[];
  /** Wall times of whole inferences at the opt shape (optimized session, after the smoke runs); empty when opt failed. */
  latencyMs: number[];
}
