// Ops from custom domains (or unknown to ONNX) that TensorRT can only run through a plugin.
import { isStandardDomain, opVersions } from '../../knowledge/onnx-schemas';
import { allNodes } from '../support/graph-facts';
import type { Rule, RuleReport } from '../rule';

export const customOpNeedsPlugin: Rule = {
  id: 'trt/custom-op-needs-plugin',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A node uses an operator from a custom domain, or one ONNX does not define: TensorRT needs a plugin for it.',
    why: 'The TensorRT ONNX parser maps unknown ops to a plugin of the same name; without that plugin library loaded the build fails.',
    howToFix:
      'Build or obtain a TensorRT plugin whose creator is registered under the op name (IPluginV3 / IPluginCreatorV3One), then load it: `trtexec --onnx=model.onnx --staticPlugins=libmyplugin.so` (or `--dynamicPlugins=...` to serialize it into the engine; TensorRT 8.x: `--plugins=...`). In Triton, list it in `LD_PRELOAD` or the `--backend-config=tensorrt,plugins=...` option.',
  },
  check(ctx) {
    const localFunctions = new Set(ctx.model.functions.map((f) => `${f.domain}:${f.name}`));
    const trt10 = Number(ctx.trt.table.release.split('.')[0]) >= 10;
    const flag = trt10 ? '--staticPlugins=<lib>.so (or --dynamicPlugins)' : '--plugins=<lib>.so';
    const reports: RuleReport[] = [];
    for (const { node, label } of allNodes(ctx.facts)) {
      if (localFunctions.size > 0 && localFunctions.has(`${node.domain}:${node.opType}`)) continue;
      if (isStandardDomain(node.domain)) {
        if (!opVersions(node.domain, node.opType))
          reports.push({
            node: label,
            message: `${node.opType} is not an ONNX operator: TensorRT needs a plugin named "${node.opType}"; load it with trtexec ${flag}`,
          });
        continue;
      }
      reports.push({
        node: label,
        message: `${node.opType} from custom domain "${node.domain}" needs a TensorRT plugin named "${node.opType}"; load it with trtexec ${flag}`,
      });
    }
    return reports;
  },
};
