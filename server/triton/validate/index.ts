// Validates Triton model folders: syntax and schema (protobuf's verdicts), Triton core's config rules,
// repository layout, ensembles across the repository, and the ONNX model file (loader checks + auto-complete).
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../findings';
import { parseTextFormat } from '../textformat/parser';
import { formatSyntaxError, type TextDocument } from '../textformat/ast';
import { modelConfigHook } from '../schema';
import { checkSchema } from './schema-check';
import { type CMessage, str, num, msg, msgs, nums, bool, spanOf, has } from './config';
import { toFinding, type Diagnostic } from './diagnostic';
import type { ModelFolder, ValidateOptions } from './model';
import { determineBackend } from './backend';
import { checkConfigRules } from './config-rules';
import { checkEnsemble, findEnsembleCycle, type MemberIO } from './ensemble-rules';
import { checkLayout, selectedVersions } from './layout-rules';
import { readOnnxSignature, resolveOnnxFile, type OnnxSignature } from './onnx-signature';
import { autoComplete, checkAgainstOnnx, type AutoCompleted } from './onnx-check';
import { ENSEMBLE_PLATFORM, AUTOCOMPLETE_BACKENDS } from './platforms';
import { LineMap } from '../textformat/lines';
import { describeTemplate, templatePlaceholders } from './template';

/** Configs larger than this are refused with a finding rather than read (Triton configs are kilobytes). */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export interface ParsedConfig {
  doc: TextDocument;
  config: CMessage;
  diagnostics: Diagnostic[];
}

/** Syntax + schema: what protobuf's text-format parser would say about this text. */
export function parseModelConfig(text: string): ParsedConfig {
  const doc = parseTextFormat(text, modelConfigHook);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    ruleId: 'triton/syntax',
    severity: 'error',
    message: formatSyntaxError(doc, e),
    start: e.start,
    end: e.end,
  }));
  const { root, diagnostics: schemaDiagnostics } = checkSchema(doc);
  // Protobuf reports these while parsing, so Triton logs them with the position first, like syntax errors.
  for (const d of schemaDiagnostics) {
    if (d.severity === 'error') d.message = `${doc.lines.protobufLocation(d.start)}: ${d.message}`;
  }
  return { doc, config: root, diagnostics: [...diagnostics, ...schemaDiagnostics] };
}

/** The per-model state shared by all checks (parsed once, also used for ensemble members). */
export interface ModelState {
  model: ModelFolder;
  parsed?: ParsedConfig;
  readError?: string;
  signature?: OnnxSignature | Error;
  effective?: AutoCompleted;
}

export class Repository {
  private readonly states = new Map<string, ModelState>();
  readonly models: Map<string, ModelFolder>;

  constructor(
    models: ModelFolder[],
    readonly options: ValidateOptions = {},
    private readonly readText: (file: string) => string | undefined = readConfigFile,
  ) {
    this.models = new Map(models.map((m) => [m.name, m]));
  }

  /** Adds model folders (an ensemble's members are loaded only once a config turns out to be an ensemble). */
  add(models: ModelFolder[]): void {
    for (const m of models) if (!this.models.has(m.name)) this.models.set(m.name, m);
  }

  get autoCompleteOn(): boolean {
    return this.options.autoCompleteConfig !== false;
  }

  state(model: ModelFolder): ModelState {
    let s = this.states.get(model.configPath);
    if (s) return s;
    s = { model };
    this.states.set(model.configPath, s);
    if (model.hasConfigFile) {
      try {
        const text = this.readText(model.configPath);
        if (text !== undefined) {
          s.parsed = parseModelConfig(text);
          model.doc = s.parsed.doc;
          model.config = s.parsed.config;
        }
      } catch (e) {
        s.readError = e instanceof Error ? e.message : String(e);
      }
    }
    const backend = determineBackend(model, model.config);
    if (backend.backend === 'onnxruntime' && model.dir) {
      const versions = selectedVersions(model, model.config);
      const latest = versions[versions.length - 1];
      const filename = str(model.config, 'default_model_filename') || 'model.onnx';
      const file = latest ? resolveOnnxFile(path.join(model.dir, latest), filename) : undefined;
      if (file) {
        try {
          s.signature = readOnnxSignature(file);
        } catch (e) {
          s.signature = e instanceof Error ? e : new Error(String(e));
        }
        if (!(s.signature instanceof Error) && this.autoCompleteOn)
          s.effective = autoComplete(model.config, s.signature);
      }
    }
    return s;
  }

  /** Inputs/outputs as Triton would see them for an ensemble member. */
  ioOf(model: ModelFolder): MemberIO | undefined {
    const s = this.state(model);
    const config = model.config;
    if (!config && !s.effective) return undefined;
    const spec = (field: 'input' | 'output') =>
      msgs(config, field).map((t) => ({ name: str(t, 'name'), dataType: str(t, 'data_type'), dims: nums(t, 'dims') }));
    const e = s.effective;
    return {
      inputs: e ? e.inputs : spec('input'),
      outputs: e ? e.outputs : spec('output'),
      maxBatchSize: e ? e.maxBatchSize : num(config, 'max_batch_size'),
      decoupled: bool(msg(config, 'model_transaction_policy'), 'decoupled'),
      configPath: model.configPath,
    };
  }

  /** All findings for one model folder. */
  check(model: ModelFolder): Finding[] {
    const s = this.state(model);
    const file = model.hasConfigFile ? model.configPath : (model.dir ?? model.configPath);
    const lines = s.parsed?.doc.lines ?? new LineMap('');
    const diagnostics: Diagnostic[] = [];
    if (s.readError) {
      return [
        {
          ruleId: 'triton/unreadable-config',
          severity: 'error',
          message: `cannot read the model configuration: ${s.readError}`,
          file,
          range: lines.range(0, 0),
        },
      ];
    }
    const placeholders = s.parsed ? templatePlaceholders(s.parsed.doc.text) : [];
    if (placeholders.length > 0) {
      // A template: one finding naming the placeholders, none of the noise its unfilled text would cause.
      const { start, end } = placeholders[0];
      return [
        toFinding(
          { ruleId: 'triton/template', severity: 'warning', message: describeTemplate(placeholders), start, end },
          file,
          lines,
        ),
      ];
    }
    const config = model.config;
    const name = str(config, 'name') || model.name;
    if (s.parsed) diagnostics.push(...s.parsed.diagnostics);
    const backend = determineBackend(model, config);
    if (!model.hasConfigFile) {
      if (!this.autoCompleteOn) {
        diagnostics.push({
          ruleId: 'triton/missing-config',
          severity: 'error',
          message: `model '${model.name}' has no config.pbtxt and auto-complete is disabled, so Triton cannot load it`,
          start: 0,
          end: 0,
        });
      } else if (!AUTOCOMPLETE_BACKENDS.has(backend.backend)) {
        diagnostics.push({
          ruleId: 'triton/missing-config',
          severity: 'error',
          message: `model '${model.name}' has no config.pbtxt and Triton cannot auto-complete one for ${backend.backend ? `backend '${backend.backend}'` : 'it (no backend can be determined)'}`,
          start: 0,
          end: 0,
        });
      }
    }
    if (
      config &&
      has(config, 'name') &&
      str(config, 'name') !== model.name &&
      path.basename(path.dirname(model.configPath)) !== 'configs'
    ) {
      diagnostics.push({
        ruleId: 'triton/model-name',
        severity: 'warning',
        message: `Triton serves this model as '${model.name}' (its folder name), not '${str(config, 'name')}' as the config names it`,
        ...spanOf(config, 'name'),
      });
    }
    const root = config ?? checkSchema(parseTextFormat('', modelConfigHook)).root;
    diagnostics.push(...checkConfigRules(model, root, this.options));
    diagnostics.push(...checkLayout(model, config, backend));
    if (config && str(config, 'platform') === ENSEMBLE_PLATFORM) {
      diagnostics.push(
        ...checkEnsemble(model, config, {
          repository: this.models,
          ioOf: (m) => this.ioOf(m),
          servedVersions: (m) => selectedVersions(m, this.state(m).parsed?.config),
        }),
      );
      for (const other of this.models.values()) this.state(other); // cycles need every member's parsed config
      const cycle = findEnsembleCycle(model.name, this.models);
      if (cycle) {
        const stepSpan = msgs(msg(config, 'ensemble_scheduling'), 'step').find(
          (st) => str(st, 'model_name') === cycle[1],
        );
        diagnostics.push({
          ruleId: 'triton/ensemble-cycle',
          severity: 'error',
          message: `circular dependency between ensembles: ${name} -> ... -> ${cycle[cycle.length - 2]} -> ${name}`,
          ...(stepSpan ? spanOf(stepSpan, 'model_name') : spanOf(config)),
        });
      }
    }
    if (s.signature instanceof Error) {
      diagnostics.push({
        ruleId: 'triton/model-unreadable',
        severity: 'error',
        message: `Triton's onnxruntime backend could not load the model: ${s.signature.message}`,
        ...spanOf(root),
      });
    } else if (s.signature) {
      const effective = s.effective ?? autoComplete(config, s.signature);
      if (!this.autoCompleteOn && model.hasConfigFile && msgs(config, 'input').length === 0) {
        diagnostics.push({
          ruleId: 'triton/io',
          severity: 'error',
          message: `model '${name}' has no inputs in its configuration and auto-complete is disabled`,
          ...spanOf(root),
          fixes: [{ id: 'triton.addModelIO', title: 'Add the inputs and outputs the model has' }],
        });
      }
      diagnostics.push(
        ...checkAgainstOnnx(
          config,
          name,
          s.signature,
          s.effective ?? { ...effective, maxBatchSize: num(config, 'max_batch_size') },
        ),
      );
    }
    diagnostics.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    return diagnostics.map((d) => toFinding(d, file, lines));
  }
}

export function readConfigFile(file: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_CONFIG_BYTES)
    throw new Error(
      `${file} is ${size} bytes, larger than the ${MAX_CONFIG_BYTES}-byte limit for a model configuration`,
    );
  return fs.readFileSync(file, 'utf8');
}

/**
 * Findings for one config text without touching the disk (editor buffers, fuzzing): syntax, schema and
 * Triton's config rules. Layout, ensemble members and the model file need `checkTritonPath` / `Repository`.
 */
export function checkConfigText(text: string, file = 'config.pbtxt', options: ValidateOptions = {}): Finding[] {
  const name = path.basename(path.dirname(file)) || 'model';
  const model: ModelFolder = {
    name: name === '.' ? 'model' : name,
    configPath: file,
    hasConfigFile: true,
    versions: [],
    versionEntries: new Map(),
    ignoredDirs: [],
  };
  return new Repository([model], options, () => text).check(model);
}
