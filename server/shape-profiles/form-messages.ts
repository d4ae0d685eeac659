// Runtime checks for everything that reaches the profile code from outside: messages from the profiles form
// (webview) and the arguments of the `modelready.server.editProfiles` command. Each returns the typed value or a
// message saying what is wrong; nothing else is trusted. Sizes are bounded so a hostile message cannot make the
// server allocate without limit.
import {
  PROFILE_STRATEGIES,
  type DimKind,
  type DimRange,
  type EditProfilesParams,
  type Profile,
  type ProfilesViewMessage,
  type ProfileStrategy,
  type ProposalSettings,
  type ShapeRange,
  type TritonProfileBackend,
} from '../contract/shape-profiles';
import { fail, hasOnly, isObject, type Checked } from '../webview-messages';

const MAX_PROFILES = 16;
const MAX_INPUTS = 1024;
const MAX_RANK = 32;
const MAX_DIM = 2 ** 31 - 1;
const MAX_NAME = 4096;
const MAX_URI = 8192;

function checkDims(x: unknown, where: string): string | undefined {
  if (!Array.isArray(x) || x.length > MAX_RANK) return `${where} must be an array of at most ${MAX_RANK} dims`;
  if (x.some((d) => !Number.isInteger(d) || d < 0 || d > MAX_DIM))
    return `${where} must hold integers from 0 to ${MAX_DIM}`;
  return undefined;
}

export function checkProfileList(x: unknown): Checked<Profile[]> {
  if (!Array.isArray(x) || x.length > MAX_PROFILES)
    return fail(`profiles must be an array of at most ${MAX_PROFILES} profiles`);
  const out: Profile[] = [];
  for (const [i, p] of x.entries()) {
    if (!isObject(p)) return fail(`profile ${i} must be an object mapping input names to {min, opt, max}`);
    const names = Object.keys(p);
    if (names.length > MAX_INPUTS) return fail(`profile ${i} has more than ${MAX_INPUTS} inputs`);
    const profile: Profile = Object.create(null);
    for (const name of names) {
      const r = p[name];
      if (name.length === 0 || name.length > MAX_NAME)
        return fail(`profile ${i}: input names must have 1 to ${MAX_NAME} characters`);
      if (!isObject(r) || !hasOnly(r, ['min', 'opt', 'max']))
        return fail(`profile ${i}, input "${name}" must be {min, opt, max}`);
      for (const k of ['min', 'opt', 'max'] as const) {
        const problem = checkDims(r[k], `profile ${i}, input "${name}", ${k}`);
        if (problem) return fail(problem);
      }
      profile[name] = {
        min: [...(r.min as number[])],
        opt: [...(r.opt as number[])],
        max: [...(r.max as number[])],
      } satisfies ShapeRange;
    }
    out.push({ ...profile });
  }
  return { ok: true, value: out };
}

function checkStrategies(x: unknown): Checked<ProfileStrategy[]> {
  if (
    !Array.isArray(x) ||
    x.length === 0 ||
    x.length > MAX_PROFILES ||
    x.some((s) => !PROFILE_STRATEGIES.includes(s))
  ) {
    return fail(`strategies must be a non-empty array of ${PROFILE_STRATEGIES.join(', ')}`);
  }
  return { ok: true, value: x as ProfileStrategy[] };
}

export function checkSettings(x: unknown): Checked<Partial<ProposalSettings>> {
  if (!isObject(x) || !hasOnly(x, ['batch', 'sequence', 'other']))
    return fail('settings must be an object with batch, sequence and/or other ranges');
  const out: Partial<ProposalSettings> = {};
  for (const [kind, r] of Object.entries(x)) {
    if (!isObject(r) || !hasOnly(r, ['min', 'opt', 'max'])) return fail(`settings.${kind} must be {min, opt, max}`);
    const values = [r.min, r.opt, r.max];
    if (values.some((v) => !Number.isInteger(v) || (v as number) < 0 || (v as number) > MAX_DIM))
      return fail(`settings.${kind}: min, opt and max must be integers from 0 to ${MAX_DIM}`);
    const [min, opt, max] = values as number[];
    if (!(min <= opt && opt <= max)) return fail(`settings.${kind}: min <= opt <= max does not hold`);
    out[kind as DimKind] = { min, opt, max } satisfies DimRange;
  }
  return { ok: true, value: out };
}

const isBackend = (x: unknown): x is TritonProfileBackend => x === 'tensorrt' || x === 'onnxruntime';

/** A message from the profiles form. */
export function checkProfilesViewMessage(x: unknown): Checked<ProfilesViewMessage> {
  if (!isObject(x) || typeof x.type !== 'string') return fail('a message must be an object with a type');
  switch (x.type) {
    case 'profiles/ready':
      return hasOnly(x, ['type'])
        ? { ok: true, value: { type: 'profiles/ready' } }
        : fail('profiles/ready takes no fields');
    case 'profiles/propose': {
      if (!hasOnly(x, ['type', 'strategies', 'settings']))
        return fail('profiles/propose takes strategies and settings');
      const strategies = checkStrategies(x.strategies);
      if (!strategies.ok) return strategies;
      const settings = x.settings === undefined ? { ok: true as const, value: undefined } : checkSettings(x.settings);
      if (!settings.ok) return settings;
      return {
        ok: true,
        value: {
          type: 'profiles/propose',
          strategies: strategies.value,
          ...(settings.value && { settings: settings.value }),
        },
      };
    }
    case 'profiles/preview':
    case 'profiles/save': {
      if (!hasOnly(x, ['type', 'profiles'])) return fail(`${x.type} takes profiles only`);
      const profiles = checkProfileList(x.profiles);
      return profiles.ok ? { ok: true, value: { type: x.type, profiles: profiles.value } } : profiles;
    }
    case 'profiles/applyToConfig': {
      if (!hasOnly(x, ['type', 'profiles', 'backend']) || !isBackend(x.backend))
        return fail('profiles/applyToConfig takes profiles and a backend (tensorrt or onnxruntime)');
      const profiles = checkProfileList(x.profiles);
      return profiles.ok
        ? { ok: true, value: { type: 'profiles/applyToConfig', profiles: profiles.value, backend: x.backend } }
        : profiles;
    }
    default:
      return fail(`unknown message type ${JSON.stringify(x.type).slice(0, 80)}`);
  }
}

/** The argument of `modelready.server.editProfiles`. */
export function checkEditProfilesParams(x: unknown): Checked<EditProfilesParams> {
  if (!isObject(x)) return fail('expected { action, modelUri, ... }');
  const modelUri = x.modelUri;
  if (typeof modelUri !== 'string' || !modelUri.startsWith('file:') || modelUri.length > MAX_URI)
    return fail('modelUri must be a file: URI');
  switch (x.action) {
    case 'get': {
      const strategies = x.strategies === undefined ? undefined : checkStrategies(x.strategies);
      if (strategies && !strategies.ok) return strategies;
      const settings = x.settings === undefined ? undefined : checkSettings(x.settings);
      if (settings && !settings.ok) return settings;
      return {
        ok: true,
        value: {
          action: 'get',
          modelUri,
          ...(strategies && { strategies: strategies.value }),
          ...(settings && { settings: settings.value }),
        },
      };
    }
    case 'saveProposal':
    case 'narrow':
      return { ok: true, value: { action: x.action, modelUri } };
    case 'preview':
    case 'save': {
      const profiles = checkProfileList(x.profiles);
      return profiles.ok ? { ok: true, value: { action: x.action, modelUri, profiles: profiles.value } } : profiles;
    }
    case 'applyToConfig': {
      if (x.backend !== undefined && !isBackend(x.backend)) return fail('backend must be tensorrt or onnxruntime');
      const profiles = checkProfileList(x.profiles);
      return profiles.ok
        ? {
            ok: true,
            value: {
              action: 'applyToConfig',
              modelUri,
              profiles: profiles.value,
              ...(isBackend(x.backend) && { backend: x.backend }),
            },
          }
        : profiles;
    }
    default:
      return fail('action must be get, preview, save, saveProposal, narrow or applyToConfig');
  }
}
