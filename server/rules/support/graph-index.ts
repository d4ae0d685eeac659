// One index per graph object, shared by the rules and the model diff: `modelready diff` indexes each model once for
// both (and a model the model cache keeps, checked on every edit of its config, is indexed once).
import { indexGraph, type GraphIndex } from '../../onnx/model-index';
import type { OnnxGraph } from '../../onnx/model';

const indexes = new WeakMap<OnnxGraph, GraphIndex>();

export function graphIndex(graph: OnnxGraph): GraphIndex {
  let index = indexes.get(graph);
  if (!index) indexes.set(graph, (index = indexGraph(graph)));
  return index;
}
