// The project file `.modelready.json`: deployment target, rule severities, ignored paths and
// optimization profiles. Validated by hand (clear messages naming the file and the key) against the
// same rules as schemas/modelready.schema.json, which VS Code uses for completion; a test keeps both in step.
import fs from 'node:fs';
import path from 'node:path';
import type { RuleSetting } from '../contract/findings';
import type { ProfileHostConfig } from '../contract/profiling';
import type { Profile, ShapeRange } from '../contract/shape-profiles';
import type { TargetField, TargetRequest } from '../target/resolve';
import { readHostsConfig } from './hosts';

export const CONFIG_FILE_NAME = '.modelready.json';

/** What `target` pins; server/target/resolve.ts completes it from the release tables. */
export type Target = TargetRequest;

export interface ModelReadyConfig {
  /** The file it was read from; undefined for the built-in defaults. */
  file?: string;
  /** Folder that relative paths (profiles, ignore globs) are relative to. */
  root: string;
  target: Target;
  /** Where each target field was set when not in the file (a CLI flag such as --target-trt). */
  targetOrigins?: Partial<Record<TargetField, string>>;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  /** Model path relative to root (forward slashes) -> its profiles. */
  profiles: Record<string, Profile[]>;
  /** Profiling hosts (server/config/hosts.ts checks them). */
  hosts?: ProfileHostConfig[];
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid ModelReady configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Configuration files are small; a bigger one is a mistake, not something to parse. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function defaultConfig(root: string): ModelReadyConfig {
  return { root: path.resolve(root), target: {}, rules: {}, ignore: [], profiles: {} };
}

export function loadConfigFile(file: string): ModelReadyConfig {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_BYTES)
      throw new ConfigError(file, [`file is ${size} bytes; a configuration is at most ${MAX_CONFIG_BYTES}`]);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, [`cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, file: string): ModelReadyConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const config = defaultConfig(path.dirname(path.resolve(file)));
  config.file = path.resolve(file);
  if (!isObject(raw)) throw new ConfigError(file, ['the top level must be a JSON object']);

  for (const key of Object.keys(raw)) {
    if (!['$schema', 'target', 'rules', 'ignore', 'profiles', 'hosts'].includes(key))
      problems.push(`unknown key "${key}" (allowed: target, rules, ignore, profiles, hosts)`);
  }
  if (raw.$schema !== undefined && typeof raw.$schema !== 'string')
    problems.push('"$schema" must be a string (the path or URL of modelready.schema.json)');
  if (raw.target !== undefined) readTarget(raw.target, config, problems);
  if (raw.rules !== undefined) readRules(raw.rules, config, problems);
  if (raw.ignore !== undefined) {
    if (!Array.isArray(raw.ignore) || raw.ignore.some((g) => typeof g !== 'string' || g === ''))
      problems.push('"ignore" must be an array of non-empty glob strings');
    else config.ignore = raw.ignore as string[];
  }
  if (raw.profiles !== undefined) readProfiles(raw.profiles, config, problems);
  if (raw.hosts !== undefined) {
    // The file keys hosts by name (the list form is the VS Code setting's).
    if (!isObject(raw.hosts)) problems.push('"hosts" must be an object mapping host names to {host, user, …}');
    else {
      const read = readHostsConfig(raw.hosts);
      problems.push(...read.problems);
      config.hosts = read.hosts;
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return config;
}

/** Each target field's accepted form (the JSON schema says the same; config.test.ts keeps them in step). */
export const TARGET_FORMATS: Record<TargetField, [RegExp, string]> = {
  triton: [/^\d{2}\.\d{2}$/, 'a container release YY.MM, e.g. "25.08"'],
  tensorrt: [/^\d+\.\d+(\.\d+){0,2}$/, 'major.minor or a full version, e.g. "10.8" or "10.8.0.43"'],
  onnxruntime: [/^\d+\.\d+(\.\d+)?$/, 'major.minor[.patch], e.g. "1.22.0"'],
  gpu: [/^[A-Za-z0-9][A-Za-z0-9 ().-]{0,79}$/, 'a GPU name such as "T4", "A100" or "NVIDIA L40S"'],
  computeCapability: [/^\d+\.\d+$/, 'major.minor, e.g. "8.9"'],
};

function readTarget(value: unknown, config: ModelReadyConfig, problems: string[]): void {
  if (!isObject(value)) {
    problems.push(`"target" must be an object with ${Object.keys(TARGET_FORMATS).join(', ')}`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const format = Object.hasOwn(TARGET_FORMATS, key) ? TARGET_FORMATS[key as TargetField] : undefined;
    if (!format) problems.push(`unknown key "target.${key}" (allowed: ${Object.keys(TARGET_FORMATS).join(', ')})`);
    else if (typeof v !== 'string' || !format[0].test(v))
      problems.push(`"target.${key}" must be a string, ${format[1]}; got ${JSON.stringify(v)}`);
    else config.target[key as keyof Target] = v;
  }
}

function readRules(value: unknown, config: ModelReadyConfig, problems: string[]): void {
  if (!isObject(value)) {
    problems.push('"rules" must be an object mapping rule ids to "error", "warning", "info" or "off"');
    return;
  }
  for (const [id, setting] of Object.entries(value)) {
    if (!/^[a-z]+\/[a-z0-9-]+$/.test(id))
      problems.push(`"rules": "${id}" is not a rule id (like "trt/op-unsupported")`);
    else if (!['error', 'warning', 'info', 'off'].includes(setting as string))
      problems.push(`"rules.${id}" must be "error", "warning", "info" or "off"; got ${JSON.stringify(setting)}`);
    else config.rules[id] = setting as RuleSetting;
  }
}

function readProfiles(value: unknown, config: ModelReadyConfig, problems: string[]): void {
  if (!isObject(value)) {
    problems.push('"profiles" must be an object mapping model paths to a profile or a list of profiles');
    return;
  }
  for (const [model, entry] of Object.entries(value)) {
    const list = Array.isArray(entry) ? entry : [entry];
    if (list.length === 0) problems.push(`"profiles.${model}" is an empty list`);
    const profiles: Profile[] = [];
    list.forEach((profile, i) => {
      const where = Array.isArray(entry) ? `profiles.${model}[${i}]` : `profiles.${model}`;
      if (!isObject(profile)) {
        problems.push(`"${where}" must map input names to {min, opt, max}`);
        return;
      }
      const parsed: Profile = {};
      for (const [input, range] of Object.entries(profile)) {
        if (!isObject(range)) {
          problems.push(`"${where}.${input}" must be {"min": [...], "opt": [...], "max": [...]}`);
          continue;
        }
        const extra = Object.keys(range).filter((k) => !['min', 'opt', 'max'].includes(k));
        if (extra.length) problems.push(`"${where}.${input}" has unknown key(s) ${extra.join(', ')}`);
        const shapes: Partial<ShapeRange> = {};
        for (const k of ['min', 'opt', 'max'] as const) {
          const shape = range[k];
          if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || (d as number) < 0))
            problems.push(`"${where}.${input}.${k}" must be an array of non-negative integers`);
          else shapes[k] = shape as number[];
        }
        if (shapes.min && shapes.opt && shapes.max) parsed[input] = shapes as ShapeRange;
      }
      profiles.push(parsed);
    });
    config.profiles[toPosix(model)] = profiles;
  }
}

/**
 * The nearest `.modelready.json` at `startDir` or above it, up to the repository root (a folder holding `.git`):
 * the file a workspace root would hold, whichever folder the CLI or the editor starts from.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface ConfigOverrides {
  /** --config: an explicit file (wins over the one found). */
  configFile?: string;
  /** --target-trt X.Y */
  targetTrt?: string;
  /** --target-triton YY.MM */
  targetTriton?: string;
  /** --target-gpu NAME */
  targetGpu?: string;
}

/** The configuration for a workspace: the explicit file, else the one found from `workspaceRoot`, plus CLI overrides. */
export function resolveConfig(workspaceRoot: string, overrides: ConfigOverrides = {}): ModelReadyConfig {
  const file = overrides.configFile ?? findConfigFile(workspaceRoot);
  return withTargetFlags(file ? loadConfigFile(file) : defaultConfig(workspaceRoot), overrides);
}

/** The --target-* flags applied over a configuration (checked: a malformed value is a ConfigError naming the flag). */
export function withTargetFlags(config: ModelReadyConfig, overrides: ConfigOverrides): ModelReadyConfig {
  const flags: [TargetField, string, string | undefined][] = [
    ['tensorrt', '--target-trt', overrides.targetTrt],
    ['triton', '--target-triton', overrides.targetTriton],
    ['gpu', '--target-gpu', overrides.targetGpu],
  ];
  for (const [field, flag, value] of flags) {
    if (value === undefined) continue;
    const [format, words] = TARGET_FORMATS[field];
    if (!format.test(value)) throw new ConfigError(flag, [`must be ${words}; got "${value}"`]);
    config.target = { ...config.target, [field]: value };
    config.targetOrigins = { ...config.targetOrigins, [field]: flag };
  }
  return config;
}

/** The profiles configured for a model file, matched by its path relative to the config's folder. */
export function profilesFor(config: ModelReadyConfig, modelFile: string): Profile[] | undefined {
  return config.profiles[toPosix(path.relative(config.root, path.resolve(modelFile)))];
}

export function isIgnored(config: ModelReadyConfig, file: string): boolean {
  const relative = toPosix(path.relative(config.root, path.resolve(file)));
  return config.ignore.some((glob) => globToRegExp(glob).test(relative));
}

/** `**` spans folders, `*` and `?` stay inside one path segment; a pattern without `/` matches a name at any depth. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.includes('/') ? glob.replace(/^\.?\//, '') : `**/${glob}`;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}(?:/.*)?$`);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/').replace(/^\.\//, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
