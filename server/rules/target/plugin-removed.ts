// Custom ops that TensorRT maps to plugins which TensorRT 11.0 removed.
import type { Rule, RuleReport } from '../rule';
import { allNodes } from '../support/graph-walk';
import { isTrt11, pluginsRemovedIn11 } from './target-facts';

export const pluginRemoved: Rule = {
  id: 'target/plugin-removed',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A node names a TensorRT plugin (op type and `plugin_version`, default "1") that TensorRT 11.0 removed, and the target runs TensorRT 11 or newer.',
    why: 'The ONNX parser maps an op it does not know to the plugin of the same name and version. TensorRT 11.0 removed IPluginV2 and 17 plugin versions (BatchedNMS_TRT, EfficientNMS_ONNX_TRT, CustomGeluPluginDynamic, Split, Proposal, ...: the plugin tables of 10.16 and 11.0 in NVIDIA/TensorRT `plugin/README.md`, generated into server/knowledge/trt-plugins.json), so the build fails with no creator found.',
    howToFix:
      'Replace the op with standard ONNX ops TensorRT 11 supports (e.g. NonMaxSuppression, Gelu, Split, LeakyRelu) or with a maintained plugin version (EfficientNMS_TRT, CropAndResizeDynamic v2), or port your own plugin to IPluginV3 and load it with `--staticPlugins`/`--dynamicPlugins`.',
  },
  check(ctx) {
    if (!isTrt11(ctx) || !pluginsRemovedIn11?.removed) return [];
    const trt = ctx.target.tensorrt;
    const reports: RuleReport[] = [];
    for (const { node, label } of allNodes(ctx.facts)) {
      const version = node.attributes.find((a) => a.name === 'plugin_version');
      const wanted = version?.s ?? '1';
      if (pluginsRemovedIn11.removed.some((p) => p.name === node.opType && p.version === wanted))
        reports.push({
          node: label,
          message: `${node.opType} maps to the TensorRT plugin ${node.opType} v${wanted}, which TensorRT 11.0 removed (${pluginsRemovedIn11.source}); TensorRT ${trt} cannot build it`,
        });
    }
    return reports;
  },
};
