// The small analysis interface the language server runs on its worker thread. Each function takes plain data
// (paths, texts of unsaved editor buffers) and returns plain data, so it crosses the thread boundary as is.
// The analyses themselves live elsewhere (`analyzeFile`, the one pipeline from a file to findings); this module
// only adapts them to "analyze this file as the editor currently sees it".
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings';
import { analyzeFile, configureFindings } from '../analyze';
import {
  codeActionsFor,
  languageContextFor,
  writeGeneratedConfig,
  type CodeAction,
  type LanguageContext,
} from '../triton/language';
import { readOnnxModel } from '../onnx/reader';
import { summarizeModel } from '../onnx/summary';
import type { ModelSummaryResult } from '../contract/analysis';
import type { ModelReadySettings } from '../contract/settings';
import { resolveConfig } from '../config/config';
import { folderInstanceMemory } from '../memory/fit';
import { NARROW_CONFIG_FIX, narrowConfigProfilesEdits } from '../shape-profiles/config-corners';
import { tritonOptions, withEditorDefaults } from './settings';

/** Texts of open editor buffers by file path: they win over the file on disk. */
export type Overlays = Record<string, string>;

/** Findings for one file as the editor sees it: the editor's settings fill in what `.modelready.json` leaves out. */
export function analyzePath(file: string, overlays: Overlays = {}, settings: ModelReadySettings = {}): Finding[] {
  return analyzeFile(file, { config: editorConfig(file, settings), overlays, triton: tritonOptions(settings) });
}

/** Runtime and engine findings (ONNX Runtime runs, failed analyses, engine descriptions) under the configuration the
 * file's analysis uses. */
export function configuredForEditor<F extends Pick<Finding, 'ruleId' | 'severity'>>(
  file: string,
  findings: F[],
  settings: ModelReadySettings,
): F[] {
  return configureFindings(file, findings, editorConfig(file, settings));
}

function editorConfig(file: string, settings: ModelReadySettings) {
  return withEditorDefaults(resolveConfig(path.dirname(path.resolve(file))), settings);
}

export function modelSummary(file: string): ModelSummaryResult {
  try {
    return { ok: true, summary: summarizeModel(readOnnxModel(file)) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** What the editor features of a config need, as plain data (the function in LanguageContext is rebuilt). */
export interface ContextData {
  modelNames: string[];
  configPaths: Record<string, string>;
  signature?: LanguageContext['signature'];
  autoCompleted?: LanguageContext['autoCompleted'];
  instanceMemory?: LanguageContext['instanceMemory'];
}

export function contextData(configPath: string): ContextData {
  const ctx = languageContextFor(configPath);
  const configPaths: Record<string, string> = {};
  for (const name of ctx.modelNames ?? []) {
    const p = ctx.configPathOf?.(name);
    if (p) configPaths[name] = p;
  }
  const configDir = path.dirname(path.resolve(configPath));
  const modelDir = path.basename(configDir) === 'configs' ? path.dirname(configDir) : configDir;
  const instanceMemory = folderInstanceMemory(modelDir, resolveConfig(modelDir));
  return {
    modelNames: ctx.modelNames ?? [],
    configPaths,
    signature: ctx.signature,
    autoCompleted: ctx.autoCompleted,
    ...(instanceMemory && { instanceMemory }),
  };
}

export function toLanguageContext(data: ContextData): LanguageContext {
  return {
    modelNames: data.modelNames,
    configPathOf: (name) => data.configPaths[name],
    signature: data.signature,
    autoCompleted: data.autoCompleted,
    instanceMemory: data.instanceMemory,
  };
}

/** Quick fixes for config findings that carry fix ids (edits computed against the buffer's text). */
export function configCodeActions(configPath: string, text: string, findings: Finding[]): CodeAction[][] {
  const ctx = languageContextFor(configPath);
  let narrow: CodeAction[] | undefined; // one edit (all profiles narrowed) serves every corner finding
  const narrowActions = (): CodeAction[] => {
    if (narrow) return narrow;
    const edits = narrowConfigProfilesEdits(configPath, text);
    return (narrow = edits.length > 0 ? [{ title: NARROW_CONFIG_FIX.title, fixId: NARROW_CONFIG_FIX.id, edits }] : []);
  };
  return findings.map((f) =>
    f.fixes?.some((x) => x.id === NARROW_CONFIG_FIX.id) ? narrowActions() : codeActionsFor(text, f, ctx),
  );
}

/**
 * Writes config.pbtxt for the model folder `target` names: the folder itself, a version folder, or a file in
 * either (e.g. `<model>/1/model.onnx`). Returns the written path; refuses to overwrite.
 */
export function generateConfig(target: string): string {
  let dir = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  if (/^\d+$/.test(path.basename(dir))) dir = path.dirname(dir);
  return writeGeneratedConfig(dir);
}
