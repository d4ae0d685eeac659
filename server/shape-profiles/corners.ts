// Profile corner checks: TensorRT builds an engine only when the graph is valid at every optimization profile's
// min, opt and max shapes ("kOPT values for profile 0 violate shape constraints: ... reshaping failed"). Runs
// shape inference with the graph inputs fixed at each corner and reports what only appears there: nodes that
// become invalid (Reshape volume, broadcast, out-of-range Gather, negative dims), dims that shrink to 0, and
// Triton config dims that disagree with the corner's shapes (triton-corner-dims.ts).
import type { Profile } from '../contract/shape-profiles';
import { nodeLabel } from '../findings';
import type { Dim, OnnxModel } from '../onnx/model';
import { inferShapes } from '../shape-inference/cache';
import type { ModelShapes } from '../shape-inference/engine';
import { tensorShape } from '../shape-inference/types';
import { tritonCornerProblems, type TritonIo } from './triton-corner-dims';

export const CORNERS = ['min', 'opt', 'max'] as const;
export type Corner = (typeof CORNERS)[number];

export interface CornerProblem {
  /** Index of the profile in its list. */
  profile: number;
  corner: Corner;
  /** The input shapes at that corner, e.g. `x [32, 1024, 64]`. */
  shapes: string;
  /** Node label (findings' convention) when a node is to blame. */
  node?: string;
  reason: string;
  /** Who refuses the corner: TensorRT's builder (the graph) or Triton (its config's dims). */
  by: 'tensorrt' | 'triton';
}

export interface CornerCheckOptions {
  /** Inference of the model with its declared (symbolic) inputs: problems it already has are not corner problems. */
  baseline?: ModelShapes;
  /** The model folder's config.pbtxt, read: its input/output dims must hold at every corner. */
  triton?: TritonIo;
  /** Wall-clock budget for all corners of all profiles (default 5 s); corners past it are not checked. */
  timeLimitMs?: number;
  /** Runs each corner's check (config-corners.ts keeps the result per corner: an edit of max leaves min and opt be). */
  eachCorner?: (shapes: CornerShapes, check: () => CornerFinding[]) => CornerFinding[];
}

export type CornerShapes = Record<string, number[]>;
/** A problem of one corner, before it is told which profile and corner it belongs to. */
export type CornerFinding = Omit<CornerProblem, 'profile' | 'corner' | 'shapes'>;

export function cornerShapes(profile: Profile, corner: Corner): CornerShapes {
  return Object.fromEntries(Object.entries(profile).map(([name, range]) => [name, range[corner]]));
}

const describe = (shapes: CornerShapes) =>
  Object.entries(shapes)
    .map(([name, dims]) => `${name} [${dims.join(', ')}]`)
    .join(', ');

/** Problems of one corner: the graph inferred with these input shapes, against the baseline. */
export function checkCorner(
  model: OnnxModel,
  shapes: CornerShapes,
  baseline: ModelShapes,
  triton?: TritonIo,
  timeLimitMs = 5_000,
): CornerFinding[] {
  const at = inferShapes(model, { inputShapes: shapes, timeLimitMs });
  const known = new Set(baseline.issues.filter((i) => i.kind === 'invalid-node').map((i) => i.node));
  const problems: CornerFinding[] = [];
  for (const issue of at.issues)
    if (issue.kind === 'invalid-node' && !known.has(issue.node))
      problems.push({ node: issue.node, reason: issue.message, by: 'tensorrt' });
  for (const p of zeroDims(model, at, baseline, known)) problems.push({ ...p, by: 'tensorrt' });
  if (triton)
    for (const p of tritonCornerProblems(triton, shapes, at.main.tensors)) problems.push({ ...p, by: 'triton' });
  return problems;
}

/**
 * Dims that are 0 at the corner and not in the baseline: a Slice window or a shape computation that leaves
 * nothing (TensorRT rejects zero-volume profiles' layers). Only the first node producing each new zero is named,
 * not the nodes downstream of it.
 */
function zeroDims(
  model: OnnxModel,
  at: ModelShapes,
  baseline: ModelShapes,
  known: Set<string | undefined>,
): { node: string; reason: string }[] {
  const zeroed = new Set<string>();
  const problems: { node: string; reason: string }[] = [];
  model.graph?.nodes.forEach((node, index) => {
    const label = nodeLabel(node, index);
    if (known.has(label)) return;
    const fedByZero = node.inputs.some((name) => zeroed.has(name));
    for (const name of node.outputs) {
      const shape = tensorShape(at.main.tensors.get(name));
      const before = tensorShape(baseline.main.tensors.get(name));
      const axis = shape?.findIndex((d, i) => d === 0 && before?.[i] !== 0) ?? -1;
      if (axis < 0) continue;
      zeroed.add(name);
      if (!fedByZero)
        problems.push({
          node: label,
          reason: `${node.opType} "${label}": output "${name}" has dim ${axis} of size 0 ${formatDims(shape!)}`,
        });
    }
  });
  return problems;
}

const formatDims = (shape: Dim[]) => `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;

/**
 * Inputs of the model, ranks as declared, min <= opt <= max, one range per shared symbolic dim: what
 * shape/profile-invalid asks first (its findings cover a profile that fails these).
 */
function wellFormed(model: OnnxModel, profile: Profile): boolean {
  const inputs = new Map((model.graph?.inputs ?? []).map((i) => [i.name, i.type]));
  const symbols = new Map<string, string>();
  return Object.entries(profile).every(([name, r]) => {
    if (!inputs.has(name)) return false;
    const type = inputs.get(name);
    const shape = type?.kind === 'tensor' ? type.shape : undefined;
    const n = r.min.length;
    if (r.opt.length !== n || r.max.length !== n || (shape && shape.length !== n)) return false;
    return r.min.every((lo, i) => {
      const d = shape?.[i];
      const range = `${lo}/${r.opt[i]}/${r.max[i]}`;
      if (typeof d === 'string' && d !== '' && (symbols.get(d) ?? range) !== range) return false;
      if (typeof d === 'string') symbols.set(d, range);
      return lo >= 0 && lo <= r.opt[i] && r.opt[i] <= r.max[i];
    });
  });
}

/** Every corner of every profile; problems the symbolic inference already reports are left to shape/inference-error. */
export function checkProfileCorners(
  model: OnnxModel,
  profiles: Profile[],
  options: CornerCheckOptions = {},
): CornerProblem[] {
  const baseline = options.baseline ?? inferShapes(model);
  const deadline = Date.now() + (options.timeLimitMs ?? 5_000);
  const problems: CornerProblem[] = [];
  profiles.forEach((profile, p) => {
    if (!wellFormed(model, profile)) return; // shape/profile-invalid reports it; its corners mean nothing
    const seen = new Set<string>();
    for (const corner of CORNERS) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      const shapes = cornerShapes(profile, corner);
      // opt equal to min (or max) gives the same problems: name the first corner only.
      const key = JSON.stringify(shapes);
      if (seen.has(key)) continue;
      seen.add(key);
      const check = () => checkCorner(model, shapes, baseline, options.triton, left);
      for (const problem of options.eachCorner?.(shapes, check) ?? check())
        problems.push({ profile: p, corner, shapes: describe(shapes), ...problem });
    }
  });
  return problems;
}
