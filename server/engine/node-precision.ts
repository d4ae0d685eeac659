// The precision each ONNX node runs in within one engine: that of the first layer doing work for it.
import type { EngineLayer } from '../contract/engine';

export function precisionByNode(layers: EngineLayer[]): Map<string, { precision: string; layer: string }> {
  const out = new Map<string, { precision: string; layer: string }>();
  for (const layer of layers) {
    // Copy layers take their consumer's nodes; the node's precision is that of the layer doing the work.
    if (layer.precision === null || layer.type === 'Reformat' || layer.type === 'NoOp') continue;
    for (const node of layer.onnxNodes)
      if (!out.has(node)) out.set(node, { precision: layer.precision, layer: layer.name });
  }
  return out;
}
