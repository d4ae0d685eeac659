// The profile operations the CLI, the language server command and the form share: read a model's saved profiles
// and a proposal, compute their trtexec flags and Triton stanzas, check edited profiles with the profile rules,
// save them to `.modelready.json`, and compute the config.pbtxt edit.
import fs from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE_NAME,
  defaultConfig,
  findConfigFile,
  loadConfigFile,
  profilesFor,
  type ModelReadyConfig,
} from '../config/config';
import { writeModelProfiles } from '../config/write-profiles';
import type { OnnxModel } from '../onnx/model';
import { readOnnxModel } from '../onnx/reader';
import type {
  EditProfilesParams,
  EditProfilesResult,
  ModelInputShape,
  Profile,
  ProfileOutputs,
  ProfilesView,
  ProfileStrategy,
  ProposalSettings,
  TritonProfileBackend,
} from '../contract/shape-profiles';
import { quoteShellCommand } from '../profiling/shell-quote';
import { trtexecShapeArgs, type TrtexecCapabilities } from '../profiling/trtexec-command';
import { trtexecCapabilitiesFor } from '../knowledge/trtexec-flags';
import { resolveTarget } from '../target/resolve';
import { readConfigFile } from '../triton/validate';
import { ProfileStanzaError, tritonStanza, type TextEdit } from './triton-stanza';
import { profileBackendOf, profileConfigEdit, type ConfigProfileEdit } from './config-profile-edit';
import { tritonConfigFor } from './applied-profiles';
import { narrowProfiles } from './narrow';
import {
  checkProfiles,
  modelInputShapes,
  modelOutputShapes,
  profileKeyFor,
  proposeProfiles,
  DEFAULT_PROPOSAL_SETTINGS,
} from './profiles';
import { isInsideFolder } from '../path-inside';

export class ProfilesRejectedError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'ProfilesRejectedError';
  }
}

export interface ProfileSession {
  model: OnnxModel;
  inputs: ModelInputShape[];
  /** The model's outputs (their Triton dims follow max_batch_size too). */
  outputs: ModelInputShape[];
  config: ModelReadyConfig;
  /** Where the profiles are read from and written to. */
  configFile: string;
  modelKey: string;
}

/**
 * Opens a model with the `.modelready.json` that applies to it: `configFile` when given, else the nearest one at
 * or above the model's folder, else a new one in `defaultRoot` (the workspace folder) when the model is inside it,
 * else in the model's folder.
 */
export function openProfileSession(
  modelFile: string,
  options: { configFile?: string; defaultRoot?: string } = {},
): ProfileSession {
  const model = readOnnxModel(modelFile);
  const found = options.configFile ?? findConfigFile(path.dirname(path.resolve(modelFile)));

  const modelDir = path.dirname(path.resolve(modelFile));
  const insideRoot = options.defaultRoot !== undefined && isInsideFolder(path.resolve(options.defaultRoot), modelDir);
  const configFile = found ?? path.join(insideRoot ? options.defaultRoot! : modelDir, CONFIG_FILE_NAME);
  const config =
    found && fs.existsSync(found)
      ? loadConfigFile(found)
      : { ...defaultConfig(path.dirname(configFile)), file: path.resolve(configFile) };
  return {
    model,
    inputs: modelInputShapes(model),
    outputs: modelOutputShapes(model),
    config,
    configFile: path.resolve(configFile),
    modelKey: profileKeyFor(config, modelFile),
  };
}

/** trtexec capabilities known without asking a host: the resolved target's TensorRT and its release's help text. */
function targetCapabilities(config: ModelReadyConfig): TrtexecCapabilities {
  const version = resolveTarget(config.target).tensorrt;
  return version ? trtexecCapabilitiesFor(version) : { flags: new Set() };
}

export function profileOutputs(session: ProfileSession, profiles: Profile[]): ProfileOutputs {
  const outputs: ProfileOutputs = { errors: [] };
  const attempt = (what: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      outputs.errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (profiles.length === 0) return outputs;
  attempt('trtexec', () => {
    const args = trtexecShapeArgs(profiles, targetCapabilities(session.config));
    outputs.trtexecArgs = args;
    outputs.trtexecShell = quoteShellCommand(['trtexec', `--onnx=${path.basename(session.model.path)}`, ...args]);
  });
  attempt(
    'Triton TensorRT plan',
    () => (outputs.tritonTensorrt = tritonStanza('tensorrt', session.inputs, profiles, session.outputs)),
  );
  attempt(
    'Triton ONNX Runtime (TensorRT EP)',
    () => (outputs.tritonOnnxruntime = tritonStanza('onnxruntime', session.inputs, profiles)),
  );
  return outputs;
}

export interface ViewRequest {
  strategies?: ProfileStrategy[];
  settings?: Partial<ProposalSettings>;
  /** Profiles to show (edited in the form) instead of the saved ones. */
  profiles?: Profile[];
}

export function profilesView(session: ProfileSession, modelUri: string, request: ViewRequest = {}): ProfilesView {
  const settings = { ...DEFAULT_PROPOSAL_SETTINGS, ...request.settings };
  const proposal = proposeProfiles(session.inputs, { strategies: request.strategies, settings });
  const saved = profilesFor(session.config, session.model.path) ?? [];
  const shown = request.profiles ?? (saved.length > 0 ? saved : proposal.profiles);
  const tritonConfig = tritonConfigFor(session.model.path);
  let tritonBackend: TritonProfileBackend | undefined;
  if (tritonConfig) {
    try {
      tritonBackend = profileBackendOf(readConfigFile(tritonConfig));
    } catch {
      tritonBackend = undefined;
    }
  }
  return {
    modelUri,
    modelKey: session.modelKey,
    configFile: session.configFile,
    inputs: session.inputs,
    dims: proposal.dims,
    saved,
    proposal: proposal.profiles,
    strategies: proposal.strategies,
    settings,
    outputs: profileOutputs(session, shown),
    problems: checkProfiles(session.model, session.config, shown).map((f) => f.message),
    notes: proposal.notes,
    tritonConfigUri: tritonConfig,
    tritonBackend,
  };
}

/** Checks `profiles` with the profile rules and writes them; refuses (nothing written) when a rule objects. */
export function saveProfiles(session: ProfileSession, profiles: Profile[]): ProfileSession {
  const problems = checkProfiles(session.model, session.config, profiles).map((f) => f.message);
  if (problems.length > 0) throw new ProfilesRejectedError(`not saved to ${session.configFile}`, problems);
  writeModelProfiles(session.configFile, session.modelKey, profiles);
  const config = loadConfigFile(session.configFile);
  return { ...session, config };
}

/** The edit that writes `profiles` into the model folder's config.pbtxt (or `configFile`). */
/** `configText`: the editor's buffer of that file when it is open (edits must fit what the editor holds). */
export function configEditFor(
  session: ProfileSession,
  profiles: Profile[],
  backend?: TritonProfileBackend,
  configText?: string,
): ConfigProfileEdit & { configFile: string } {
  const configFile = tritonConfigFor(session.model.path);
  if (!configFile)
    throw new ProfilesRejectedError(
      `no config.pbtxt beside ${session.model.path} (expected <model>/config.pbtxt for <model>/<version>/model.onnx)`,
      [],
    );
  try {
    return {
      ...profileConfigEdit(
        configText ?? readConfigFile(configFile),
        session.inputs,
        profiles,
        backend,
        session.outputs,
      ),
      configFile,
    };
  } catch (error) {
    throw error instanceof ProfileStanzaError ? new ProfileStanzaError(`${configFile}: ${error.message}`) : error;
  }
}

/** Profiles narrowed to where the graph is valid at every corner; refused when a profile is invalid even at opt. */
function narrowedOrRejected(session: ProfileSession, profiles: Profile[]): Profile[] {
  if (profiles.length === 0) throw new ProfilesRejectedError(`no profiles for ${session.modelKey} to narrow`, []);
  const results = narrowProfiles(session.model, profiles);
  const broken = results.flatMap((r, i) =>
    r.valid ? [] : [`profile ${i + 1}: the graph is invalid at its opt shapes`],
  );
  if (broken.length > 0) throw new ProfilesRejectedError('nothing narrower is valid', broken);
  return results.map((r) => r.profile);
}

/** What `modelready.server.editProfiles` did: the answer, plus the config.pbtxt edit the server applies through the editor. */
export interface EditProfilesOutcome {
  result: EditProfilesResult;
  configEdit?: { configFile: string; edits: TextEdit[] };
  /** The model whose saved profiles changed (to analyze again). */
  savedModel?: string;
}

export interface EditProfilesContext {
  /** Folder for a new .modelready.json when none applies (the workspace folder holding the model). */
  defaultRoot?: string;
  /** The editor's buffer of the model folder's config.pbtxt, when open. */
  configText?: string;
  /** The editor's default ranges (settings `modelready.profiles.*`); a request's own settings win. */
  ranges?: Partial<ProposalSettings>;
}

/** Runs one (already validated) editProfiles request; failures come back as `{ ok: false }` naming the file. */
export function runEditProfiles(
  params: EditProfilesParams,
  modelFile: string,
  context: EditProfilesContext = {},
): EditProfilesOutcome {
  try {
    let session = openProfileSession(modelFile, { defaultRoot: context.defaultRoot });
    const settings = { ...context.ranges, ...(params.action === 'get' ? params.settings : undefined) };
    switch (params.action) {
      case 'get':
        return {
          result: {
            ok: true,
            view: profilesView(session, params.modelUri, { strategies: params.strategies, settings }),
          },
        };
      case 'preview':
        return {
          result: { ok: true, view: profilesView(session, params.modelUri, { profiles: params.profiles, settings }) },
        };
      case 'save':
      case 'saveProposal':
      case 'narrow': {
        const profiles =
          params.action === 'save'
            ? params.profiles
            : narrowedOrRejected(
                session,
                params.action === 'narrow'
                  ? (profilesFor(session.config, session.model.path) ?? [])
                  : proposeProfiles(session.inputs, { settings }).profiles,
              );
        session = saveProfiles(session, profiles);
        return {
          result: { ok: true, view: profilesView(session, params.modelUri, { settings }) },
          savedModel: session.model.path,
        };
      }
      case 'applyToConfig': {
        const edit = configEditFor(session, params.profiles, params.backend, context.configText);
        return {
          result: { ok: true, view: profilesView(session, params.modelUri, { profiles: params.profiles, settings }) },
          configEdit: { configFile: edit.configFile, edits: edit.edits },
        };
      }
    }
  } catch (error) {
    if (error instanceof ProfilesRejectedError)
      return {
        result: { ok: false, message: error.message.split('\n')[0].replace(/:$/, ''), problems: error.problems },
      };
    return { result: { ok: false, message: error instanceof Error ? error.message : String(error) } };
  }
}
