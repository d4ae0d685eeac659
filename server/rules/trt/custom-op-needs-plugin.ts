// Ops from custom domains (or unknown to ONNX) that TensorRT can only run through a plugin.
import { isStandardDomain, opVersions } from '../../knowledge/onnx-schemas';
import { reportsByOp } from '../support/graph-walk';
import type { Rule } from '../rule';

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
    // The verdict depends on the op only: judged once per op, then reported on every node of that op.
    return reportsByOp(ctx.facts, (domain, opType) => {
      if (localFunctions.has(`${domain}:${opType}`)) return undefined;
      if (isStandardDomain(domain))
        return opVersions(domain, opType)
          ? undefined
          : `${opType} is not an ONNX operator: TensorRT needs a plugin named "${opType}"; load it with trtexec ${flag}`;
      return `${opType} from custom domain "${domain}" needs a TensorRT plugin named "${opType}"; load it with trtexec ${flag}`;
    });
  },
};
