// What a profile matrix is, for the CLI and the editor alike: the spec (model, hosts, images, shape profiles, choices)
// built the same way from either, and each cell's identity in the run store. The key hashes only what decides the
// measurement (the model's content, the host's name and how trtexec runs there, the image, the shapes, the trtexec
// choices that change the timing) in a canonical form, so a cell run from the CLI is found by the editor and the
// reverse, whatever order the keys of a host entry arrive in and whichever options (timing cache, kept engine,
// per-inference times) only one of them sets.
import crypto from 'node:crypto';
import path from 'node:path';
import { profilesFor, type ModelReadyConfig } from '../config/config';
import type { ProfileChoices, ProfileHostConfig } from '../contract/profiling';
import type { Profile, ShapeRange } from '../contract/shape-profiles';
import { contentHash } from './model-upload';
import { profileRequestFor } from './profile-request';
import type { RemoteProfileRequest } from './remote-run';

export interface MatrixProfile {
  name: string;
  shapes?: Record<string, ShapeRange>;
}

export interface MatrixSpec {
  modelPath: string;
  /** The model's files, choices and node names; each cell sets its own shapes. */
  request: RemoteProfileRequest;
  hosts: ProfileHostConfig[];
  /** Container images; empty: each host's own trtexec (or image). */
  images: string[];
  /** Shape profiles; empty: one cell per host and image with the choices as they are. */
  profiles: MatrixProfile[];
  concurrency: number;
}

export interface MatrixCell {
  key: string;
  host: ProfileHostConfig;
  image?: string;
  profile: string;
  request: RemoteProfileRequest;
}

/** A profile the matrix cannot find among the model's (the message lists the ones there are). */
export class MatrixProfileError extends Error {}

/** The model's shape profiles as the matrix names them (p1, p2, … in `.modelready.json` order). */
export const namedProfiles = (saved: Profile[] | undefined): MatrixProfile[] =>
  (saved ?? []).map((shapes, i) => ({ name: `p${i + 1}`, shapes }));

/** The profiles `names` picks out of `all` (every one when `names` is empty). */
export function pickProfiles(all: MatrixProfile[], names: string[], model: string): MatrixProfile[] {
  if (names.length === 0) return all;
  return names.map((name) => {
    const found = all.find((p) => p.name === name);
    if (!found)
      throw new MatrixProfileError(
        `${path.basename(model)} has no profile "${name}" (profiles: ${all.map((p) => p.name).join(', ') || 'none'})`,
      );
    return found;
  });
}

/** A profile in one line: each input's min → max shape. */
export const profileSummary = (shapes: Profile | undefined): string =>
  Object.entries(shapes ?? {})
    .map(([input, r]) => `${input} ${r.min.join('×')} → ${r.max.join('×')}`)
    .join(', ');

export interface MatrixAsked {
  hosts: ProfileHostConfig[];
  images: string[];
  /** Profile names (p1, p2, …); empty: every profile of the model. */
  profiles: string[];
  /** Precision, iterations, …; shapes come from each cell's profile. */
  choices: ProfileChoices;
  concurrency: number;
}

/** The spec of a matrix of `model` under its `.modelready.json`; throws MatrixProfileError for an unknown profile. */
export function matrixSpecFor(model: string, config: ModelReadyConfig | undefined, asked: MatrixAsked): MatrixSpec {
  const profiles = pickProfiles(namedProfiles(config && profilesFor(config, model)), asked.profiles, model);
  const choices = { ...asked.choices, shapes: undefined };
  return {
    modelPath: model,
    request: profileRequestFor(model, choices),
    hosts: asked.hosts,
    images: asked.images,
    profiles,
    concurrency: asked.concurrency,
  };
}

/** JSON with object keys sorted and undefined values left out: equal values, equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** How trtexec runs on a host; the key file, known_hosts and the Slurm account and time limit change no timing. */
function hostIdentity(host: ProfileHostConfig) {
  const where = host.local
    ? { local: true }
    : { kind: host.kind ?? 'ssh', host: host.host, port: host.port ?? 22, user: host.user };
  const slurm = host.kind === 'slurm' && {
    partition: host.slurm?.partition,
    gpuType: host.slurm?.gpuType,
    gpus: host.slurm?.gpus ?? 1,
    containerRuntime: host.slurm?.containerRuntime,
  };
  return {
    name: host.name,
    ...where,
    trtexecPath: host.trtexecPath ?? 'trtexec',
    containerImage: host.containerImage,
    ...(slurm && { slurm }),
  };
}

/** The trtexec choices that change what is measured (not the timing cache, a kept engine or the per-inference file). */
function measuredChoices(choices: ProfileChoices) {
  const { precision = 'fp32', iterations, durationS, warmUpMs, builderOptimizationLevel, shapes } = choices;
  return { precision, iterations, durationS, warmUpMs, builderOptimizationLevel, shapes };
}

/** A cell's key in the run store: model content, host, image, the measured choices (with the cell's shapes). */
export function cellKey(
  modelHash: string,
  host: ProfileHostConfig,
  image: string | undefined,
  choices: ProfileChoices,
) {
  const identity = canonical([modelHash, hostIdentity(host), image ?? null, measuredChoices(choices)]);
  return crypto.createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/** The cells in row order (host, then image, then profile), each with its run-store key. */
export async function planMatrix(spec: MatrixSpec): Promise<MatrixCell[]> {
  const model = await contentHash(spec.request.files);
  const images = spec.images.length ? spec.images : [undefined];
  const profiles = spec.profiles.length ? spec.profiles : [{ name: 'static' }];
  const cells: MatrixCell[] = [];
  for (const host of spec.hosts)
    for (const image of images)
      for (const profile of profiles) {
        const choices = { ...spec.request.choices, ...(profile.shapes && { shapes: profile.shapes }) };
        const key = cellKey(model, host, image, choices);
        cells.push({ key, host, image, profile: profile.name, request: { ...spec.request, choices } });
      }
  return cells;
}
