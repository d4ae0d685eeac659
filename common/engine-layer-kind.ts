// What an engine layer is, for the findings and the engine view alike: a reformat (TensorRT's "Reformat" layers and
// the NoOp copies it names "Reformatting CopyNode for …"), a Myelin region (one fused "{ForeignNode[first...last]}"),
// a plugin, or an ordinary layer.
import type { EngineLayer } from '../server/contract/engine';

export type EngineLayerKind = 'reformat' | 'myelin' | 'plugin' | 'layer';

export function engineLayerKind(layer: Pick<EngineLayer, 'name' | 'type'>): EngineLayerKind {
  if (layer.type === 'Reformat' || layer.name.startsWith('Reformatting CopyNode')) return 'reformat';
  if (layer.type === 'Myelin' || layer.name.startsWith('{ForeignNode[')) return 'myelin';
  if (layer.type !== null && /Plugin/i.test(layer.type)) return 'plugin';
  return 'layer';
}
