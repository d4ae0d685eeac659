// Graph inputs with symbolic or unknown dimensions that no configured optimization profile covers.
import { profilesFor } from '../../config/config';
import type { Dim } from '../../onnx/model';
import { inputsProfiledInTritonConfig } from '../../shape-profiles/applied-profiles';
import type { Rule, RuleReport } from '../rule';

export const formatDims = (shape: Dim[]): string => `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;

export const dynamicInputNeedsProfile: Rule = {
  id: 'shape/dynamic-input-needs-profile',
  defaultSeverity: 'warning',
  docs: {
    summary:
      "A graph input has symbolic or unknown dimensions and no optimization profile gives its min/opt/max shapes: neither one in `.modelready.json` nor the `trt_profile_*_shapes` parameters of the TensorRT accelerator in the model folder's `config.pbtxt`.",
    why: 'TensorRT builds an engine for a range of shapes given by optimization profiles; without one, trtexec fixes dynamic dims to 1 (or fails), and Triton rejects requests outside the built range.',
    howToFix:
      'Add a profile to `.modelready.json` (`"profiles": {"model.onnx": {"input": {"min": [...], "opt": [...], "max": [...]}}}`) and build with the same shapes: `trtexec --minShapes=input:1x3x224x224 --optShapes=... --maxShapes=...`.',
  },
  fix: { id: 'config.addProfile', title: 'Add an optimization profile to .modelready.json' },
  check(ctx) {
    const profiles = profilesFor(ctx.config, ctx.file) ?? [];
    const inConfig = inputsProfiledInTritonConfig(ctx.file);
    const reports: RuleReport[] = [];
    for (const input of ctx.index.runtimeInputs) {
      const type = input.type;
      if (!type || type.kind !== 'tensor') continue;
      const shape = type.shape;
      const dynamic = shape === undefined || shape.some((d) => typeof d !== 'number' || d < 0);
      if (!dynamic || inConfig.has(input.name)) continue;
      const missingFrom = profiles.filter((p) => !(input.name in p)).length;
      if (profiles.length > 0 && missingFrom === 0) continue;
      const what = shape === undefined ? 'has no shape (rank unknown)' : `has dynamic shape ${formatDims(shape)}`;
      const where =
        profiles.length === 0
          ? 'no optimization profile is configured for this model'
          : `${missingFrom} of ${profiles.length} configured profile(s) leave it out`;
      reports.push({ message: `input "${input.name}" ${what}: ${where}; TensorRT needs min/opt/max shapes for it` });
    }
    return reports;
  },
};
