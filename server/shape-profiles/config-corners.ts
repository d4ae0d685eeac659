// Optimization profiles saved in a Triton config.pbtxt (the `trt_profile_*_shapes` parameters of ONNX Runtime's
// TensorRT accelerator) checked exactly like `.modelready.json` profiles: shape/profile-invalid, then every corner
// (shape/profile-corner-invalid), against the newest version's model file. Findings sit on the parameter of the
// failing corner; the narrow fix rewrites the three parameters. The model comes from the model cache and each
// corner's problems are kept per (model file state, corner shapes, config dims), so an edit elsewhere in the config
// costs only parses, and an edit of one corner (the max seq length) checks that corner alone.
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig } from '../config/config';
import type { Profile } from '../contract/shape-profiles';
import type { Finding } from '../findings';
import type { OnnxModel } from '../onnx/model';
import { fileStateOf, readModelCached } from '../onnx/model-cache';
import { checkOnnxModel } from '../rules/index';
import { cornerMessage, PROFILE_CORNER_INVALID, profileCornerInvalid } from '../rules/shape/profile-corner-invalid';
import { profileInvalid } from '../rules/shape/profile-invalid';
import { LineMap } from '../triton/textformat/lines';
import { parseTextFormat } from '../triton/textformat/parser';
import { modelDirOf } from '../triton/validate/target';
import { resolveOnnxFile } from '../triton/validate/onnx-signature';
import { appliedProfilesOf, type AppliedProfiles, type Span } from './applied-profiles';
import { profileConfigEdit } from './config-profile-edit';
import { checkProfileCorners, type CornerFinding, type CornerProblem, type CornerShapes } from './corners';
import { narrowProfile } from './narrow';
import { modelInputShapes, modelOutputShapes } from './profiles';
import type { TextEdit } from './triton-stanza';
import { tritonIoOf } from './triton-corner-dims';

export const NARROW_CONFIG_FIX = {
  id: 'profiles.narrowConfig',
  title: 'Narrow the profile in config.pbtxt to the range where the graph is valid',
};

/** The model file Triton serves from this config's folder: the newest version holding `default_model_filename`. */
export function servedModelFile(configPath: string, text: string): string | undefined {
  const modelDir = modelDirOf(path.resolve(configPath));
  const root = parseTextFormat(text).root;
  const named = root.fields.find((f) => f.name === 'default_model_filename')?.value;
  const filename = named?.kind === 'scalar' && named.text ? named.text : 'model.onnx';
  let versions: string[];
  try {
    versions = fs.readdirSync(modelDir).filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const v of versions.sort((a, b) => Number(b) - Number(a))) {
    const file = resolveOnnxFile(path.join(modelDir, v), filename);
    if (file) return file;
  }
  return undefined;
}

interface Loaded {
  applied: AppliedProfiles;
  model: OnnxModel;
}

/** Corner problems by (model file state, corner shapes, config dims), least recently used out past CORNER_LIMIT. */
const CORNER_LIMIT = 64;
const cornerCache = new Map<string, CornerFinding[]>();

/** The config's profiles and its model; undefined when it has none, or no readable model (the Triton rules say why). */
function load(configPath: string, text: string): Loaded | undefined {
  const applied = appliedProfilesOf(text);
  if (!applied) return undefined;
  const file = servedModelFile(configPath, text);
  if (!file) return undefined;
  try {
    return { applied, model: readModelCached(file) };
  } catch {
    return undefined;
  }
}

function cachedCorners(model: OnnxModel, profiles: Profile[], text: string): CornerProblem[] {
  const triton = tritonIoOf(text);
  const state = fileStateOf(model.path, model.fileSize);
  if (state === undefined) return checkProfileCorners(model, profiles, { triton }); // changed since read: not kept
  const eachCorner = (shapes: CornerShapes, check: () => CornerFinding[]) => {
    const key = JSON.stringify([state, shapes, triton]);
    const found = cornerCache.get(key) ?? check();
    cornerCache.delete(key);
    cornerCache.set(key, found);
    if (cornerCache.size > CORNER_LIMIT) cornerCache.delete(cornerCache.keys().next().value!);
    return found;
  };
  return checkProfileCorners(model, profiles, { triton, eachCorner });
}

/** shape/profile-invalid and shape/profile-corner-invalid for the profiles a config.pbtxt applies. */
export function configProfileFindings(configPath: string, text: string): Finding[] {
  const loaded = load(configPath, text);
  if (!loaded) return [];
  const { applied, model } = loaded;
  const lines = new LineMap(text);
  const at = (span: Span) => lines.range(span.start, span.end);
  const findings: Finding[] = applied.problems.map((message) => ({
    ruleId: profileInvalid.id,
    severity: profileInvalid.defaultSeverity,
    message,
    file: configPath,
    range: at(applied.span),
  }));
  // The model's own rule, run on a configuration holding these profiles (its messages, its checks).
  const trial = defaultConfig(path.dirname(model.path));
  trial.profiles = { [path.basename(model.path)]: applied.profiles };
  for (const f of checkOnnxModel(model, trial, [profileInvalid]))
    findings.push({ ...f, file: configPath, range: at(applied.span) });
  if (findings.length > 0) return findings; // corners of a malformed profile mean nothing
  for (const problem of cachedCorners(model, applied.profiles, text))
    findings.push({
      ruleId: PROFILE_CORNER_INVALID,
      severity: profileCornerInvalid.defaultSeverity,
      message: cornerMessage(problem, applied.profiles.length),
      file: configPath,
      node: problem.node,
      range: at(applied.spans[problem.corner] ?? applied.span),
      fixes: [NARROW_CONFIG_FIX],
    });
  return findings;
}

/** The quick fix: the three parameters rewritten with every profile narrowed; none when a profile fails at opt. */
export function narrowConfigProfilesEdits(configPath: string, text: string): TextEdit[] {
  const loaded = load(configPath, text);
  if (!loaded || loaded.applied.profiles.length === 0) return [];
  const { applied, model } = loaded;
  const triton = tritonIoOf(text);
  const results = applied.profiles.map((p) => narrowProfile(model, p, { triton }));
  if (results.some((r) => !r.valid) || results.every((r) => r.changes.length === 0)) return [];
  const narrowed = results.map((r) => r.profile);
  return profileConfigEdit(text, modelInputShapes(model), narrowed, 'onnxruntime', modelOutputShapes(model)).edits;
}
