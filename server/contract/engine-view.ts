// Messages of the engine view: the engine layers of one TensorRT engine description drawn as a graph, tied to the
// ONNX graph through the layer mapping ("reveal in ONNX graph" from a layer, "reveal in engine" from a node).
import { RequestType } from 'vscode-languageserver-protocol';
import type { EngineLayer, EngineReport } from './engine';

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

/**
 * What the view needs before any layer arrives: the report but its layers, how many there are, the largest time share
 * (the heat overlay's full strength) and the edges between layers as flat [from, to, from, to, …] layer indices (so it
 * can lay the graph out while the layers still come).
 */
export interface EngineShow {
  type: 'engine/show';
  title: string;
  report: Omit<EngineReport, 'layers'>;
  layerCount: number;
  maxPercentage: number | null;
  edges: number[];
  /** The first layers, enough for the first screen; the view asks for the rest (`engine/moreLayers`) once painted. */
  layers: EngineLayer[];
}

/** Host -> view. */
export type EngineHostMessage =
  | EngineShow
  /** The next layers of the report, from index `start`. */
  | { type: 'engine/layers'; start: number; layers: EngineLayer[] }
  /** Select these layers (by index in report.layers): "reveal in engine" from an ONNX node. */
  | { type: 'engine/select'; layers: number[]; node: string }
  | { type: 'engine/error'; message: string };

/** View -> host (checked by server/engine/engine-view-validate.ts). */
export type EngineViewMessage =
  | { type: 'engine/ready' }
  /** The layers from `start` on (answered with one `engine/layers` slice): asked after each paint, so the slices never
   * hold up the first screen. */
  | { type: 'engine/moreLayers'; start: number }
  /** "Reveal in ONNX graph" on the layer with this index. */
  | { type: 'engine/revealInOnnx'; layer: number };
