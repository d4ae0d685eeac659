// Proposes TensorRT optimization profiles (min/opt/max per dynamic input) for a model, the way Triton Model
// Navigator's profile builder shapes them, and checks edited profiles with the same rules the diagnostics use.
// Every dynamic dim is classified (batch-like, sequence-like, other) and gets a base range from the settings;
// a strategy then turns the base range into the profile's min/opt/max. A symbolic dim shared between inputs is
// one dim here, so it gets one range everywhere (what `shape/profile-invalid` demands).
import path from 'node:path';
import { ConfigError, type ModelReadyConfig } from '../config/config';
import type { Dim } from '../contract/analysis';
import {
  type DimKind,
  type DimRange,
  type DynamicDim,
  type ModelInputShape,
  type Profile,
  type ProfileStrategy,
  type ProposalSettings,
} from '../contract/shape-profiles';
import type { Finding } from '../findings';
import type { OnnxModel, OnnxValueInfo } from '../onnx/model';
import { indexGraph } from '../onnx/model-index';
import { checkOnnxModel } from '../rules/index';
import { dynamicInputNeedsProfile } from '../rules/shape/dynamic-input-needs-profile';
import { profileCornerInvalid } from '../rules/shape/profile-corner-invalid';
import { profileInvalid } from '../rules/shape/profile-invalid';
import { relativeInside } from '../path-inside';

export const DEFAULT_PROPOSAL_SETTINGS: ProposalSettings = {
  batch: { min: 1, opt: 8, max: 32 },
  sequence: { min: 1, opt: 128, max: 512 },
  other: { min: 1, opt: 256, max: 1024 },
};

export interface ProfileProposal {
  inputs: ModelInputShape[];
  dims: DynamicDim[];
  /** One profile per requested strategy, in order; none when the model has no dynamic dim. */
  profiles: Profile[];
  strategies: ProfileStrategy[];
  /** Inputs the proposal cannot cover (no declared rank), said in words. */
  notes: string[];
}

export interface ProposalOptions {
  strategies?: ProfileStrategy[];
  settings?: Partial<ProposalSettings>;
}

const isDynamic = (d: Dim): boolean => typeof d !== 'number' || d < 0;
const BATCH_NAME = /^(n|b|bs|batch.*|.*_batch|.*batch_size.*|unk__\d+)$/i;
const SEQUENCE_NAME = /seq|len|token|sentence|time|step|past|total|position|word|context/i;
const INTEGER_TYPES = new Set(['INT64', 'INT32', 'INT16', 'INT8', 'UINT64', 'UINT32', 'UINT16', 'UINT8']);

const tensorShape = (v: OnnxValueInfo): ModelInputShape => ({
  name: v.name,
  elemType: v.type?.kind === 'tensor' ? v.type.elemType : undefined,
  shape: v.type?.kind === 'tensor' ? v.type.shape : undefined,
});

/** Runtime inputs (initializers excluded) of the main graph, as the profile rules see them. */
export function modelInputShapes(model: OnnxModel): ModelInputShape[] {
  return model.graph ? indexGraph(model.graph).runtimeInputs.map(tensorShape) : [];
}

/** Outputs of the main graph (their dims go into a Triton config with the inputs'). */
export function modelOutputShapes(model: OnnxModel): ModelInputShape[] {
  return (model.graph?.outputs ?? []).map(tensorShape);
}

/**
 * Axis 0 is the batch by convention unless its name says sequence; a named sequence dim or a later dynamic axis
 * of an integer input (token ids, masks) is sequence-like; the rest (image height/width, ...) is "other".
 */
function classify(symbol: string | undefined, axis: number, elemType: string | undefined): DimKind {
  if (symbol && BATCH_NAME.test(symbol)) return 'batch';
  if (symbol && SEQUENCE_NAME.test(symbol)) return 'sequence';
  if (axis === 0) return 'batch';
  if (elemType && INTEGER_TYPES.has(elemType)) return 'sequence';
  return 'other';
}

export function dynamicDims(inputs: ModelInputShape[]): DynamicDim[] {
  const dims = new Map<string, DynamicDim>();
  for (const input of inputs) {
    input.shape?.forEach((d, axis) => {
      if (!isDynamic(d)) return;
      const symbol = typeof d === 'string' && d !== '' ? d : undefined;
      const key = symbol ?? `${input.name}[${axis}]`;
      const existing = dims.get(key);
      if (existing) existing.uses.push({ input: input.name, axis });
      else
        dims.set(key, {
          key,
          symbol,
          kind: classify(symbol, axis, input.elemType),
          uses: [{ input: input.name, axis }],
        });
    });
  }
  return [...dims.values()];
}

export function strategyRange(base: DimRange, strategy: ProfileStrategy): DimRange {
  switch (strategy) {
    case 'dynamic':
      return { ...base };
    case 'min-latency':
      return { min: base.min, opt: base.min, max: base.min };
    case 'max-throughput':
      return { min: base.min, opt: base.max, max: base.max };
    case 'static':
      return { min: base.max, opt: base.max, max: base.max };
  }
}

/** The profile giving each dynamic dim its range (keyed by DynamicDim.key); static dims stay as the model has them. */
export function profileFromRanges(inputs: ModelInputShape[], ranges: Map<string, DimRange>): Profile {
  const profile: Profile = {};
  for (const input of inputs) {
    const shape = input.shape;
    if (!shape || !shape.some(isDynamic)) continue;
    const pick = (k: keyof DimRange) =>
      shape.map((d, axis) => {
        if (!isDynamic(d)) return d as number;
        const key = typeof d === 'string' && d !== '' ? d : `${input.name}[${axis}]`;
        const range = ranges.get(key);
        if (!range) throw new Error(`no range for dim ${key} of input "${input.name}"`);
        return range[k];
      });
    profile[input.name] = { min: pick('min'), opt: pick('opt'), max: pick('max') };
  }
  return profile;
}

function checkRange(what: string, r: DimRange): void {
  for (const k of ['min', 'opt', 'max'] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 0)
      throw new RangeError(`${what}.${k} must be a non-negative integer; got ${r[k]}`);
  }
  if (!(r.min <= r.opt && r.opt <= r.max))
    throw new RangeError(`${what}: min <= opt <= max does not hold (${r.min}/${r.opt}/${r.max})`);
}

export function proposeProfiles(inputs: ModelInputShape[], options: ProposalOptions = {}): ProfileProposal {
  const settings: ProposalSettings = { ...DEFAULT_PROPOSAL_SETTINGS, ...options.settings };
  for (const kind of Object.keys(settings) as DimKind[]) checkRange(`settings.${kind}`, settings[kind]);
  const strategies = options.strategies?.length ? options.strategies : (['dynamic'] as ProfileStrategy[]);
  const dims = dynamicDims(inputs);
  const notes = inputs
    .filter((i) => !i.shape)
    .map((i) => `input "${i.name}" declares no shape (rank unknown): give its profile by hand`);
  // A model without dynamic dims needs no profile: TensorRT builds its one shape.
  const profiles =
    dims.length === 0
      ? []
      : strategies.map((strategy) =>
          profileFromRanges(inputs, new Map(dims.map((d) => [d.key, strategyRange(settings[d.kind], strategy)]))),
        );
  return { inputs, dims, profiles, strategies, notes };
}

/**
 * What `shape/profile-invalid`, `shape/profile-corner-invalid` and `shape/dynamic-input-needs-profile` say about `profiles` for this model:
 * the same check the diagnostics run, so a profile accepted here never shows up as a problem afterwards.
 */
export function checkProfiles(model: OnnxModel, config: ModelReadyConfig, profiles: Profile[]): Finding[] {
  const key = profileKeyFor(config, model.path);
  const trial: ModelReadyConfig = { ...config, rules: {}, profiles: { ...config.profiles, [key]: profiles } };
  return checkOnnxModel(model, trial, [profileInvalid, profileCornerInvalid, dynamicInputNeedsProfile]);
}

/** The key of a model under `profiles` in `.modelready.json`: its path relative to the file's folder, forward slashes. */
export function profileKeyFor(config: ModelReadyConfig, modelFile: string): string {
  const relative = relativeInside(config.root, path.resolve(modelFile));
  if (relative === undefined)
    throw new ConfigError(config.file ?? path.join(config.root, '.modelready.json'), [
      `${modelFile} is outside ${config.root}, so it cannot have profiles here`,
    ]);
  return relative.split(path.sep).join('/');
}
