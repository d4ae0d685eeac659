// Plugin layers in an engine.
import { engineLayerKind } from '../../../common/engine-layer-kind';
import type { EngineRule } from './engine-rule';

export const pluginLayer: EngineRule = {
  id: 'engine/plugin-layer',
  defaultSeverity: 'info',
  docs: {
    summary: 'The engine contains plugin layers (a layer type naming a plugin); the finding lists their types.',
    why: 'A plugin is code outside TensorRT: the engine loads only where the same plugin library (same version) is loaded first (for Triton, e.g. through LD_PRELOAD).',
    howToFix:
      'Ship the plugin library with the engine and load it in every deployment, or replace the ONNX ops that needed it with ones TensorRT builds natively.',
  },
  check({ layers }) {
    const plugins = layers.filter((l) => engineLayerKind(l) === 'plugin');
    if (plugins.length === 0) return [];
    return [
      {
        message: `${plugins.length} plugin layers (${[...new Set(plugins.map((l) => l.type))].join(', ')}): the plugin library must ship with the engine to every deployment`,
        layers: plugins.map((l) => l.name),
      },
    ];
  },
};
