// Reformat layers taking a large share of the profiled engine time.
import { engineLayerKind } from '../../../common/engine-layer-kind';
import type { EngineRule } from './engine-rule';

/** Reformat layers taking more than this share of the profiled time are worth a look. */
export const REFORMAT_SHARE_LIMIT_PERCENT = 10;

export const reformatShare: EngineRule = {
  id: 'engine/reformat-share',
  defaultSeverity: 'warning',
  docs: {
    summary: `Reformat layers (TensorRT's "Reformat" layers and its "Reformatting CopyNode" copies) take more than ${REFORMAT_SHARE_LIMIT_PERCENT}% of the engine's profiled time (needs the --exportProfile times).`,
    why: 'A reformat only converts a tensor between memory layouts or precisions for the next layer: time spent there is time not spent computing. Many of them mean neighbouring layers disagree on format or precision (a Q/DQ pair placed where the layer cannot take INT8, an FP32 engine input in front of FP16 layers).',
    howToFix:
      'Select the reformat layers in the engine view to see which formats meet; give trtexec the formats the first and last layers want (--inputIOFormats/--outputIOFormats) or move Q/DQ pairs so neighbouring layers share a precision.',
  },
  check({ layers }) {
    const reformats = layers.filter((l) => engineLayerKind(l) === 'reformat' && l.percentage !== null);
    const share = reformats.reduce((s, l) => s + (l.percentage ?? 0), 0);
    if (share <= REFORMAT_SHARE_LIMIT_PERCENT) return [];
    return [
      {
        message: `${reformats.length} reformat layers take ${share.toFixed(1)}% of the engine's time (over ${REFORMAT_SHARE_LIMIT_PERCENT}%): layouts or precisions change between neighbouring layers; align I/O formats (--inputIOFormats/--outputIOFormats) or Q/DQ placement`,
        layers: reformats.map((l) => l.name),
      },
    ];
  },
};
