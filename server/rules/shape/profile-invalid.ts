// Checks the optimization profiles configured for a model against the model's inputs.
import { profilesFor } from '../../config/config';
import type { ShapeRange } from '../../contract/shape-profiles';
import type { Rule, RuleReport } from '../rule';
import { formatDims } from './dynamic-input-needs-profile';

export const profileInvalid: Rule = {
  id: 'shape/profile-invalid',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A configured optimization profile does not fit the model: unknown input, wrong rank, a static dim changed, min <= opt <= max broken, or one symbolic dim given different ranges on different inputs.',
    why: 'trtexec and the TensorRT builder reject such profiles ("profile has min > max", "dimension mismatch"), or the engine is built for shapes the model can never take.',
    howToFix:
      'Edit the profile in `.modelready.json`: same rank as the input, the model\'s static dims unchanged, min <= opt <= max per dim, and identical ranges for a dim name (e.g. "batch") shared by several inputs.',
  },
  check(ctx) {
    const profiles = profilesFor(ctx.config, ctx.file);
    if (!profiles) return [];
    const inputs = new Map(ctx.index.runtimeInputs.map((i) => [i.name, i]));
    const reports: RuleReport[] = [];
    profiles.forEach((profile, p) => {
      const where = profiles.length > 1 ? `profile ${p + 1}` : 'profile';
      const symbolRanges = new Map<string, { input: string; range: [number, number, number] }>();
      for (const [name, range] of Object.entries(profile)) {
        const input = inputs.get(name);
        if (!input) {
          reports.push({
            message: `${where}: "${name}" is not an input of this model (inputs: ${[...inputs.keys()].join(', ')})`,
          });
          continue;
        }
        const shape = input.type?.kind === 'tensor' ? input.type.shape : undefined;
        for (const problem of rangeProblems(range)) reports.push({ message: `${where}: input "${name}": ${problem}` });
        if (!shape) continue;
        for (const k of ['min', 'opt', 'max'] as const) {
          if (range[k].length !== shape.length)
            reports.push({
              message: `${where}: input "${name}" ${k} ${formatDims(range[k])} has rank ${range[k].length}, the input has rank ${shape.length} ${formatDims(shape)}`,
            });
        }
        if (range.min.length !== shape.length || range.opt.length !== shape.length || range.max.length !== shape.length)
          continue;
        shape.forEach((dim, d) => {
          const triple: [number, number, number] = [range.min[d], range.opt[d], range.max[d]];
          if (typeof dim === 'number' && dim >= 0 && triple.some((v) => v !== dim)) {
            reports.push({
              message: `${where}: input "${name}" dim ${d} is static (${dim}) in the model but the profile gives ${triple.join('/')}`,
            });
          }
          if (typeof dim === 'string') {
            const seen = symbolRanges.get(dim);
            if (!seen) symbolRanges.set(dim, { input: name, range: triple });
            else if (seen.range.join() !== triple.join()) {
              reports.push({
                message: `${where}: dim "${dim}" is shared by inputs "${seen.input}" and "${name}" but gets ${seen.range.join('/')} and ${triple.join('/')} (min/opt/max)`,
              });
            }
          }
        });
      }
    });
    return reports;
  },
};

function rangeProblems(range: ShapeRange): string[] {
  const problems: string[] = [];
  const n = Math.min(range.min.length, range.opt.length, range.max.length);
  if (range.min.length !== range.opt.length || range.opt.length !== range.max.length)
    problems.push(
      `min, opt and max have different ranks (${range.min.length}, ${range.opt.length}, ${range.max.length})`,
    );
  for (let d = 0; d < n; d++) {
    if (!(range.min[d] <= range.opt[d] && range.opt[d] <= range.max[d]))
      problems.push(`dim ${d}: min <= opt <= max does not hold (${range.min[d]}/${range.opt[d]}/${range.max[d]})`);
  }
  return problems;
}
