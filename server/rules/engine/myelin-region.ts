// Myelin regions, with the ONNX node ranges they swallowed.
import { engineLayerKind } from '../../../common/engine-layer-kind';
import type { EngineRule } from './engine-rule';

export const myelinRegion: EngineRule = {
  id: 'engine/myelin-region',
  defaultSeverity: 'info',
  docs: {
    summary:
      'A Myelin region ("{ForeignNode[first...last]}"): TensorRT handed a range of ONNX nodes to its Myelin compiler as one layer; the finding names the range.',
    why: 'Inside a Myelin region the engine description and the profile show one layer: per-node precision and time are not visible, and a slow region cannot be narrowed down from the engine alone.',
    howToFix:
      'Nothing to fix by itself. To see inside, profile with --profilingVerbosity=detailed, or split the range (e.g. mark an inner tensor as an output) in a diagnostic build.',
  },
  check({ layers }) {
    return layers
      .filter((l) => engineLayerKind(l) === 'myelin')
      .map((l) => {
        const n = l.onnxNodes;
        const range = n.length === 0 ? 'no known ONNX nodes' : n.length === 1 ? n[0] : `${n[0]} … ${n[n.length - 1]}`;
        return {
          message: `Myelin region "${l.name}" swallowed ${n.length} ONNX nodes (${range}); its inner kernels are not broken down per node`,
          layers: [l.name],
        };
      });
  },
};
