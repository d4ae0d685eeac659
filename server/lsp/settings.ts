// Editor settings and workspace trust as a client sends them (`initializationOptions`, `workspace/didChangeConfiguration`).
// They come from another process: each field is checked and a bad one dropped, so a typo in settings.json never
// breaks an analysis. Settings are the user's defaults; a project's `.modelready.json` wins over them.
import { checkSettings } from '../shape-profiles/form-messages';
import type { ModelReadyConfig } from '../config/config';
import type { RuleSetting } from '../contract/findings';
import type { ModelReadyInitializationOptions, ModelReadySettings } from '../contract/settings';
import type { ValidateOptions } from '../triton/validate/model';

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'off'] satisfies RuleSetting[];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readSettings(raw: unknown): ModelReadySettings {
  if (!isRecord(raw)) return {};
  const settings: ModelReadySettings = {};
  if (isRecord(raw.triton)) {
    const t = raw.triton;
    settings.triton = {
      ...(typeof t.autoCompleteConfig === 'boolean' && { autoCompleteConfig: t.autoCompleteConfig }),
      ...(Array.isArray(t.extraBackends) && {
        extraBackends: t.extraBackends.filter((b): b is string => typeof b === 'string'),
      }),
      ...(typeof t.gpuCount === 'number' &&
        Number.isInteger(t.gpuCount) &&
        t.gpuCount >= 0 && { gpuCount: t.gpuCount }),
    };
  }
  if (isRecord(raw.modelready)) {
    const m = raw.modelready;
    const tensorrt =
      isRecord(m.target) && typeof m.target.tensorrt === 'string' && /^\d+\.\d+$/.test(m.target.tensorrt)
        ? m.target.tensorrt
        : undefined;
    const rules = Object.fromEntries(
      Object.entries(isRecord(m.rules) ? m.rules : {}).filter(
        ([, v]) => typeof v === 'string' && RULE_SETTINGS.includes(v),
      ),
    ) as Record<string, RuleSetting>;
    // Each range is checked on its own: a bad one is dropped, the others still apply.
    const profiles = Object.fromEntries(
      ['batch', 'sequence', 'other'].flatMap((k) => {
        const checked =
          isRecord(m.profiles) && m.profiles[k] !== undefined ? checkSettings({ [k]: m.profiles[k] }) : undefined;
        return checked?.ok ? Object.entries(checked.value) : [];
      }),
    );
    settings.modelready = {
      ...(tensorrt && { target: { tensorrt } }),
      rules,
      ...(Object.keys(profiles).length > 0 && { profiles }),
    };
  }
  return settings;
}

/** Trust and settings from `initialize`. Clients without a trust concept (Neovim, tests) send none: trusted. */
export function readInitializationOptions(raw: unknown): {
  workspaceTrusted: boolean;
  settings: ModelReadySettings;
  progressAfterMs: number;
  visibleUris: string[];
} {
  const init = (isRecord(raw) ? raw : {}) as ModelReadyInitializationOptions;
  const progressAfterMs =
    typeof init.progressAfterMs === 'number' && init.progressAfterMs >= 0 ? init.progressAfterMs : 500;
  const visibleUris = Array.isArray(init.visibleUris) ? init.visibleUris.filter((u) => typeof u === 'string') : [];
  return {
    workspaceTrusted: init.workspaceTrusted !== false,
    settings: readSettings(init.settings),
    progressAfterMs,
    visibleUris,
  };
}

export function tritonOptions(settings: ModelReadySettings): ValidateOptions {
  return { ...settings.triton };
}

/** The project configuration with the editor's settings filled in where the project file says nothing. */
export function withEditorDefaults(config: ModelReadyConfig, settings: ModelReadySettings): ModelReadyConfig {
  const defaults = settings.modelready;
  if (!defaults) return config;
  return {
    ...config,
    target: { ...defaults.target, ...config.target },
    rules: { ...defaults.rules, ...config.rules },
  };
}

/** Whether the server may execute models (ONNX Runtime) or start remote runs: never in an untrusted workspace. */
export class ExecutionGate {
  constructor(readonly allowed: boolean) {}

  /** Throws, naming what was refused, unless execution is allowed. */
  check(what: string): void {
    if (!this.allowed)
      throw new Error(
        `${what} is disabled in an untrusted workspace (only static analysis runs); trust the workspace to enable it`,
      );
  }
}
