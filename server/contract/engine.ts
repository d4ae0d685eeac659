// The engine view's shapes: one TensorRT engine description (engine inspector / trtexec --exportLayerInfo JSON,
// joined with --exportProfile times and mapped onto ONNX nodes) and its findings, as `modelready engine --json`
// prints them and the engine view draws them.

export interface EngineTensor {
  name: string;
  /** Memory layout as the JSON words it ("Row major linear", "Thirty-two wide channel vectorized row major"); null when not stated. */
  format: string | null;
  /** FP32, FP16, BF16, FP8, INT8, INT4, FP4, INT32, INT64, BOOL, UINT8; null when not stated. */
  dataType: string | null;
  shape: number[] | null;
}

export interface EngineLayer {
  name: string;
  /** The engine's layer type as the JSON names it (`LayerType`); null in name-only (non-detailed) exports. */
  type: string | null;
  /** The layer's computation precision where the JSON states it, else the data type of its first input (as TREx does). */
  precision: string | null;
  inputs: EngineTensor[];
  outputs: EngineTensor[];
  tactic: string | null;
  averageMs: number | null;
  percentage: number | null;
  onnxNodes: string[];
  /** Raw `Metadata` (TensorRT 10+, `[ONNX Layer: …]` entries): used for the mapping, left out of the report. */
  metadata?: string;
}

/** Per optimization profile shapes of an engine input/output (TensorRT 11 `I/O Tensors`). */
export interface EngineIoProfile {
  min: number[] | null;
  opt: number[] | null;
  max: number[] | null;
  format: string | null;
}

export interface EngineIoTensor {
  name: string;
  /** "Input" / "Output"; null when the JSON has only the name (TensorRT 8–10 `Bindings`). */
  ioMode: string | null;
  dataType: string | null;
  shape: number[] | null;
  profiles: EngineIoProfile[];
}

export interface EngineFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Engine layer names the finding is about. */
  layers: string[];
}

export interface EngineDescription {
  /** "8.5.2"; "11.x" when only the JSON's format tells; null when nothing says it. */
  tensorrtVersion: string | null;
  /** Which file and field (or format rule) gave tensorrtVersion; null with it. */
  tensorrtVersionSource: string | null;
  layers: EngineLayer[];
  ioTensors: EngineIoTensor[];
}

export interface EngineReport extends EngineDescription {
  findings: EngineFinding[];
}

/** One ONNX node in two engines of the same model: the precision each runs it in and the time it gets. */
export interface EngineNodeDelta {
  /** ONNX node name, or the row of layers mapped to no node. */
  node: string;
  basePrecision: string | null;
  otherPrecision: string | null;
  /** The node's share of its layers' average time (a layer's time split evenly over its nodes); null unprofiled. */
  baseMs: number | null;
  otherMs: number | null;
  deltaMs: number | null;
}

/** Two engines compared per ONNX node (layer names differ between builds; nodes do not), biggest change first. */
export interface EngineComparison {
  nodes: EngineNodeDelta[];
  /** How many nodes run in a different precision in the other engine. */
  precisionChanges: number;
}
