// Builds the trtexec argv from the model's dynamic-shape profile and the user's choices, adapted to the
// TensorRT version found on the host (asked once through `trtexec --help`). TensorRT 11 removed --fp16/--best
// (precision comes from a strongly typed model) and made CUDA graphs, no data transfers, spin-wait and a
// separate profiling run the defaults, so those flags are only passed to older versions.
import type { TrtexecChoices } from '../contract/profiling';
import type { ShapeRange } from '../contract/shape-profiles';
import { versionFromBannerTag } from './trtexec-log';

export interface TrtexecCapabilities {
  /** "10.13.0"; undefined when --help printed no banner. */
  version?: string;
  major?: number;
  /** Flags the help text lists, without the leading dashes. Empty when unknown (then nothing is checked). */
  flags: Set<string>;
}

/** What the user chose plus where the run's files are, as the remote side sees them. */
export interface TrtexecRunOptions extends TrtexecChoices {
  /** Model path as the remote side sees it. */
  onnxPath: string;
  timingCachePath?: string;
  exportProfilePath?: string;
  exportLayerInfoPath?: string;
  exportTimesPath?: string;
  saveEnginePath?: string;
}

export class TrtexecCommandError extends Error {}

export function parseTrtexecHelp(helpText: string): TrtexecCapabilities {
  const flags = new Set<string>();
  for (const m of helpText.matchAll(/^\s*--([A-Za-z][A-Za-z0-9]*)/gm)) flags.add(m[1]);
  const banner = /\[TensorRT v(\d+)\]/.exec(helpText);
  const version = banner
    ? versionFromBannerTag(banner[1])
    : /TensorRT version:?\s*(\d+\.\d+(?:\.\d+)?)/i.exec(helpText)?.[1];
  const major = version ? Number(version.split('.')[0]) : undefined;
  return { version, major, flags };
}

/**
 * trtexec (8.x to 10.x, samples/common/sampleOptions.cpp) splits a shape list on every ',' first, then takes the
 * name up to the last ':' and drops single quotes from it. So a name with ':' works when wrapped in single quotes
 * (the form its help documents), a ',' can never be part of a name, and a quote in a name is lost.
 */
export function formatShapeName(name: string): string {
  if (name.length === 0) throw new TrtexecCommandError('an input with an empty name cannot be given a shape');
  if (name.includes(','))
    throw new TrtexecCommandError(
      `input name ${JSON.stringify(name)} holds ','; trtexec splits shape lists on ',' before reading names, so it cannot address this input`,
    );
  if (name.includes("'"))
    throw new TrtexecCommandError(
      `input name ${JSON.stringify(name)} holds a single quote; trtexec removes quotes from names, so it cannot address this input`,
    );
  return name.includes(':') ? `'${name}'` : name;
}

function formatDims(name: string, dims: number[]): string {
  if (dims.length === 0) return 'scalar';
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0)
      throw new TrtexecCommandError(`input ${JSON.stringify(name)}: dimension ${d} is not a non-negative integer`);
  }
  return dims.join('x');
}

function checkShapeRanges(shapes: Record<string, ShapeRange>): void {
  for (const [name, r] of Object.entries(shapes)) {
    if (r.min.length !== r.opt.length || r.opt.length !== r.max.length)
      throw new TrtexecCommandError(`input ${JSON.stringify(name)}: min/opt/max have different ranks`);
    r.min.forEach((d, i) => {
      if (d > r.opt[i] || r.opt[i] > r.max[i])
        throw new TrtexecCommandError(`input ${JSON.stringify(name)}: need min <= opt <= max in every dimension`);
    });
  }
}

/** `name:dims,name:dims` for one of min/opt/max of a profile. */
export function shapeList(shapes: Record<string, ShapeRange>, pick: keyof ShapeRange): string {
  return Object.entries(shapes)
    .map(([name, r]) => `${formatShapeName(name)}:${formatDims(name, r[pick])}`)
    .join(',');
}

/**
 * `--minShapes/--optShapes/--maxShapes` for one or more optimization profiles. Several profiles need trtexec's
 * `--profile=N` before each set: recent trtexec versions list it in their help (checked when we have the help,
 * else the major version decides, an unknown version counting as current); older ones build one profile per engine.
 */
export function trtexecShapeArgs(profiles: Record<string, ShapeRange>[], caps: TrtexecCapabilities): string[] {
  const used = profiles.filter((p) => Object.keys(p).length > 0);
  used.forEach(checkShapeRanges);
  for (const flag of ['minShapes', 'optShapes', 'maxShapes']) {
    if (used.length > 0 && caps.flags.size > 0 && !caps.flags.has(flag))
      throw new TrtexecCommandError(`trtexec ${caps.version ?? '(unknown version)'} on this host has no --${flag}`);
  }
  if (used.length > 1) {
    const hasProfileFlag = caps.flags.size > 0 ? caps.flags.has('profile') : (caps.major ?? 10) >= 10;
    if (!hasProfileFlag)
      throw new TrtexecCommandError(
        `trtexec ${caps.version ?? '(version unknown)'} builds one optimization profile per engine (no --profile); pick one of the ${used.length} profiles`,
      );
  }
  const args: string[] = [];
  used.forEach((shapes, i) => {
    if (used.length > 1) args.push(`--profile=${i}`);
    for (const [flag, pick] of [
      ['minShapes', 'min'],
      ['optShapes', 'opt'],
      ['maxShapes', 'max'],
    ] as const)
      args.push(`--${flag}=${shapeList(shapes, pick)}`);
  });
  return args;
}

function positive(value: number | undefined, what: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value)))
    throw new TrtexecCommandError(`${what} must be a non-negative ${integer ? 'integer' : 'number'}`);
  return value;
}

export function buildTrtexecArgs(trtexecPath: string, options: TrtexecRunOptions, caps: TrtexecCapabilities): string[] {
  const isTrt11Plus = (caps.major ?? 0) >= 11;
  const args = [trtexecPath, `--onnx=${options.onnxPath}`];
  const require = (flag: string) => {
    if (caps.flags.size > 0 && !caps.flags.has(flag)) {
      throw new TrtexecCommandError(`trtexec ${caps.version ?? '(unknown version)'} on this host has no --${flag}`);
    }
  };
  const add = (flag: string, value?: string | number) => {
    require(flag);
    args.push(value === undefined ? `--${flag}` : `--${flag}=${value}`);
  };

  args.push(...trtexecShapeArgs([options.shapes ?? {}], caps));

  const precision = options.precision ?? 'fp32';
  if (precision !== 'fp32') {
    // TensorRT 11 removed every precision flag (--fp16/--bf16/--int8/--fp8/--best): networks are strongly typed.
    if (isTrt11Plus) {
      throw new TrtexecCommandError(
        `TensorRT ${caps.version} removed --${precision}: declare the precision in the model (FP16 weights and casts, or Q/DQ) and profile it as is`,
      );
    }
    add(precision);
  }
  const iterations = positive(options.iterations, 'iterations', true);
  if (iterations !== undefined) add('iterations', iterations);
  const duration = positive(options.durationS, 'duration', false);
  if (duration !== undefined) add('duration', duration);
  const warmUp = positive(options.warmUpMs, 'warm-up', false);
  if (warmUp !== undefined) add('warmUp', warmUp);
  if (options.builderOptimizationLevel !== undefined) {
    const level = options.builderOptimizationLevel;
    if (!Number.isInteger(level) || level < 0 || level > 5)
      throw new TrtexecCommandError('builder optimization level must be an integer from 0 to 5');
    add('builderOptimizationLevel', level);
  }
  if (options.timingCachePath) add('timingCacheFile', options.timingCachePath);
  if (options.saveEnginePath) add('saveEngine', options.saveEnginePath);

  // Per-layer profiling needs detailed layer info and a profiling run separate from the timed one.
  if (options.exportProfilePath || options.exportLayerInfoPath) add('profilingVerbosity', 'detailed');
  if (options.exportProfilePath) add('exportProfile', options.exportProfilePath);
  if (options.exportLayerInfoPath) add('exportLayerInfo', options.exportLayerInfoPath);
  if (options.exportTimesPath) add('exportTimes', options.exportTimesPath);
  if (!isTrt11Plus) {
    // The measurement setup TensorRT 11 uses by default; older versions need it asked for.
    add('useCudaGraph');
    add('noDataTransfers');
    add('useSpinWait');
    if (options.exportProfilePath) add('separateProfileRun');
  }
  return args;
}
