// Messages of the engine view: the engine layers of one TensorRT engine description drawn as a graph, tied to the
// ONNX graph through the layer mapping ("reveal in ONNX graph" from a layer, "reveal in engine" from a node).
import type { EngineReport } from './engine';

/** Host -> view. */
export type EngineHostMessage =
  | { type: 'engine/show'; title: string; report: EngineReport }
  /** Select these layers (by index in report.layers): "reveal in engine" from an ONNX node. */
  | { type: 'engine/select'; layers: number[]; node: string }
  | { type: 'engine/error'; message: string };

/** View -> host (checked by server/engine/engine-view-validate.ts). */
export type EngineViewMessage =
  | { type: 'engine/ready' }
  /** "Reveal in ONNX graph" on the layer with this index. */
  | { type: 'engine/revealInOnnx'; layer: number };
