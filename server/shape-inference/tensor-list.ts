// Every tensor of a model's main graph with its type and shape (`modelready inspect --tensors`): graph inputs,
// initializers, then node outputs in node order; unknown element types are "UNDEFINED", unknown shapes null.
import type { Dim, OnnxModel, OnnxType } from '../onnx/model';
import type { GraphShapes } from './engine';

export interface TensorListEntry {
  name: string;
  elemType: string;
  shape: Dim[] | null;
  /** Where the type comes from: inference, the file's declarations (value_info, inputs, outputs), or an initializer. */
  source: 'inferred' | 'stored' | 'initializer';
}

function entry(name: string, type: OnnxType | undefined, source: TensorListEntry['source']): TensorListEntry {
  if (type && (type.kind === 'tensor' || type.kind === 'sparse_tensor'))
    return { name, elemType: type.elemType, shape: type.shape ?? null, source };
  return { name, elemType: type ? type.kind.toUpperCase() : 'UNDEFINED', shape: null, source };
}

export function tensorList(model: OnnxModel, shapes: GraphShapes): TensorListEntry[] {
  const graph = model.graph;
  if (!graph) return [];
  const seen = new Set<string>();
  const out: TensorListEntry[] = [];
  const add = (name: string, source: TensorListEntry['source']) => {
    if (!name || seen.has(name)) return;
    seen.add(name);
    out.push(entry(name, shapes.tensors.get(name)?.type, source));
  };
  for (const init of graph.initializers) add(init.name, 'initializer');
  for (const input of graph.inputs) add(input.name, 'stored');
  for (const node of graph.nodes)
    for (const name of node.outputs) add(name, shapes.sources.get(name) === 'stored' ? 'stored' : 'inferred');
  return out;
}
