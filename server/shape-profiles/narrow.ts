// The quick fix of `shape/profile-corner-invalid`: narrow a profile to the range where the graph is valid. A
// failing min or max corner moves toward opt: dynamic dims one at a time, each bisected to the value nearest the old
// corner that is valid (TensorRT checks only the corners, so validity between them does not matter). A dim
// shared by several inputs (one symbol) moves on all of them. The result is checked again at min, opt and max.
import type { Profile, ShapeRange } from '../contract/shape-profiles';
import type { OnnxModel } from '../onnx/model';
import type { ModelShapes } from '../shape-inference/engine';
import { inferShapes } from '../shape-inference/cache';
import { checkCorner, cornerShapes, CORNERS, type Corner } from './corners';
import { tritonIoFor, type TritonIo } from './triton-corner-dims';

export interface NarrowResult {
  profile: Profile;
  /** What moved, e.g. `x dim 1 max 1024 → 512`. */
  changes: string[];
  /** False when even the opt shapes are invalid: nothing to narrow to (the profile is returned unchanged). */
  valid: boolean;
}

/** A dynamic dim of a profile: the (input, axis) pairs that share it. */
interface ProfileDim {
  uses: { input: string; axis: number }[];
}

function profileDims(model: OnnxModel, profile: Profile): ProfileDim[] {
  const declared = new Map((model.graph?.inputs ?? []).map((i) => [i.name, i.type]));
  const dims = new Map<string, ProfileDim>();
  for (const [input, range] of Object.entries(profile)) {
    const type = declared.get(input);
    const shape = type?.kind === 'tensor' ? type.shape : undefined;
    range.min.forEach((lo, axis) => {
      if (lo === range.max[axis]) return;
      const symbol = shape?.[axis];
      const key = typeof symbol === 'string' && symbol !== '' ? `sym:${symbol}` : `${input}[${axis}]`;
      const dim = dims.get(key) ?? { uses: [] };
      dim.uses.push({ input, axis });
      dims.set(key, dim);
    });
  }
  return [...dims.values()];
}

const copy = (profile: Profile): Profile =>
  Object.fromEntries(
    Object.entries(profile).map(([k, r]): [string, ShapeRange] => [
      k,
      { min: [...r.min], opt: [...r.opt], max: [...r.max] },
    ]),
  );

export function narrowProfile(
  model: OnnxModel,
  profile: Profile,
  options: { baseline?: ModelShapes; triton?: TritonIo } = {},
): NarrowResult {
  const baseline = options.baseline ?? inferShapes(model);
  const valid = (p: Profile, corner: Corner) =>
    checkCorner(model, cornerShapes(p, corner), baseline, options.triton).length === 0;
  const out = copy(profile);
  const dims = profileDims(model, profile);
  const at = (corner: Corner) => (dim: ProfileDim) => out[dim.uses[0].input][corner][dim.uses[0].axis];
  const set = (dim: ProfileDim, corner: Corner, v: number) => {
    for (const u of dim.uses) out[u.input][corner][u.axis] = v;
  };
  /** Moves `corner` toward `toward` (valid): dims to it one by one, then each widened back while valid. */
  const repair = (corner: Corner, toward: Corner) => {
    const moved: { dim: ProfileDim; from: number }[] = [];
    for (const dim of dims) {
      if (valid(out, corner)) break;
      moved.push({ dim, from: at(corner)(dim) });
      set(dim, corner, at(toward)(dim));
    }
    for (const { dim, from } of moved)
      set(
        dim,
        corner,
        bisect(from, at(toward)(dim), (v) => (set(dim, corner, v), valid(out, corner))),
      );
  };
  // An invalid opt moves toward a valid min (or max) first; with no valid corner there is nothing to narrow to.
  if (!valid(out, 'opt')) {
    const anchor = valid(out, 'min') ? 'min' : valid(out, 'max') ? 'max' : undefined;
    if (!anchor) return { profile, changes: [], valid: false };
    repair('opt', anchor);
  }
  for (const corner of ['max', 'min'] as const) if (!valid(out, corner)) repair(corner, 'opt');
  // Validity need not be monotone (a Reshape may need a multiple of 8): if a corner is still invalid, pin it to opt.
  for (const corner of ['max', 'min'] as const)
    if (!valid(out, corner)) for (const dim of dims) set(dim, corner, at('opt')(dim));
  const changes: string[] = [];
  for (const [input, range] of Object.entries(out))
    for (const corner of CORNERS)
      range[corner].forEach((v, axis) => {
        const before = profile[input][corner][axis];
        if (v !== before) changes.push(`${input} dim ${axis} ${corner} ${before} → ${v}`);
      });
  return { profile: out, changes, valid: true };
}

/** The value nearest `bad` (invalid) that `ok` accepts, searching toward `good` (valid). */
function bisect(bad: number, good: number, ok: (v: number) => boolean): number {
  if (ok(bad)) return bad;
  while (Math.abs(good - bad) > 1) {
    const mid = Math.trunc((bad + good) / 2);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  ok(good); // leave the caller's profile at the answer
  return good;
}

/** Each profile narrowed, with the model folder's config.pbtxt dims as a constraint too. */
export function narrowProfiles(model: OnnxModel, profiles: Profile[]): NarrowResult[] {
  const options = { baseline: inferShapes(model), triton: tritonIoFor(model.path) };
  return profiles.map((p) => narrowProfile(model, p, options));
}
