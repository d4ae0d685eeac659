// The graph at each configured profile's min, opt and max shapes: what TensorRT's builder would reject there.
import { profilesFor } from '../../config/config';
import { checkProfileCorners, type CornerProblem } from '../../shape-profiles/corners';
import { tritonIoFor } from '../../shape-profiles/triton-corner-dims';
import type { Rule } from '../rule';

export const PROFILE_CORNER_INVALID = 'shape/profile-corner-invalid';

const CONSEQUENCE = {
  tensorrt: "TensorRT's engine build fails at this corner",
  triton:
    'the engine is built for shapes Triton never accepts (a TensorRT plan whose profile misses the config dims fails to load)',
};

export const profileCornerInvalid: Rule = {
  id: PROFILE_CORNER_INVALID,
  defaultSeverity: 'error',
  docs: {
    summary:
      "With the inputs fixed at a configured optimization profile's min, opt or max shapes, the graph becomes invalid: a Reshape changes the volume, inputs stop broadcasting, a Gather index leaves its axis, a dim turns 0 or negative, or the model folder's config.pbtxt dims disagree with the shapes at that corner. Profiles saved in `.modelready.json` are reported on the model; profiles a config.pbtxt applies (the TensorRT accelerator's `trt_profile_*_shapes` parameters) on that parameter.",
    why: 'TensorRT checks every profile at its min, opt and max shapes while building the engine and fails there ("kMAX values for profile 0 violate shape constraints: IShuffleLayer ...: reshaping failed ... would change volume"), often minutes into a build; Triton rejects requests whose shape its config does not allow.',
    howToFix:
      'Use the quick fix "Narrow the profile": it bisects each dynamic dim of the failing corner toward opt and saves the widest profile that is valid at min, opt and max (to `.modelready.json`, or into the `trt_profile_*_shapes` parameters of config.pbtxt). Or fix the graph (e.g. a position table shorter than the profile\'s max sequence length).',
  },
  fix: { id: 'profiles.narrow', title: 'Narrow the profile to the range where the graph is valid' },
  check(ctx) {
    const profiles = profilesFor(ctx.config, ctx.file);
    if (!profiles?.length) return [];
    const problems = checkProfileCorners(ctx.model, profiles, {
      baseline: ctx.facts.modelShapes,
      triton: tritonIoFor(ctx.file),
    });
    return problems.map((p) => ({ node: p.node, message: cornerMessage(p, profiles.length) }));
  },
};

/** "profile at max (x [8, 1024, 64]): <reason>; <what breaks>" (also for profiles saved in config.pbtxt). */
export function cornerMessage(p: CornerProblem, profileCount: number): string {
  return `${profileCount > 1 ? `profile ${p.profile + 1}` : 'profile'} at ${p.corner} (${p.shapes}): ${p.reason}; ${CONSEQUENCE[p.by]}`;
}
