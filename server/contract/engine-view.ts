// Messages of the engine view: the engine layers of one TensorRT engine description drawn as a graph, tied to the
// ONNX graph through the layer mapping ("reveal in ONNX graph" from a layer, "reveal in engine" from a node).
import { RequestType } from 'vscode-languageserver-protocol';
import type { EngineReport } from './engine';

/** Open an engine description: the profile and ONNX model beside it are found by name unless given. */
export interface EngineOpenParams {
  uri: string;
  profileUri?: string;
  onnxUri?: string;
}

export type EngineOpenResult =
  | {
      ok: true;
      title: string;
      /** Findings configured by the .modelready.json (and editor settings) of the description's folder. */
      report: EngineReport;
      /** The --exportProfile times and the ONNX model used: given, or found beside the description; null when none. */
      profileUri: string | null;
      onnxUri: string | null;
    }
  /** Not an engine description (or unreadable): the message names the file and what is wrong. */
  | { ok: false; message: string };

export const EngineOpenRequest = new RequestType<EngineOpenParams, EngineOpenResult, void>('modelready/engine/open');

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
