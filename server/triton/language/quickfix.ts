// Quick fixes as pure edit producers: given the config text, a finding (with its fix ids) and what the model
// file declares, compute the text edits. Also "Generate config.pbtxt from model" for a folder without one.
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../findings';
import type { Field, MessageValue, TextDocument } from '../textformat/ast';
import { parseTextFormat } from '../textformat/parser';
import { modelConfigHook, fieldsOfType, schema } from '../schema';
import { locate, scalarField } from './locate';
import { formatConfig, type TextEdit } from './format';
import type { LanguageContext } from './context';
import type { OnnxSignature, OnnxTensorSignature } from '../validate/onnx-signature';
import { canBatch, readOnnxSignature, resolveOnnxFile } from '../validate/onnx-signature';
import { closest } from '../validate/did-you-mean';
import { DEFAULT_MAX_BATCH_SIZE } from '../validate/onnx-check';
import { writeFileAtomic } from '../../atomic-write';

export interface CodeAction {
  title: string;
  fixId: string;
  edits: TextEdit[];
}

interface TensorAt {
  doc: TextDocument;
  message: MessageValue;
  kind: 'input' | 'output';
  name: string;
  model?: OnnxTensorSignature;
  maxBatchSize: number;
}

function tensorAt(text: string, finding: Finding, sig: OnnxSignature): TensorAt | undefined {
  const doc = parseTextFormat(text, modelConfigHook);
  const offset = doc.lines.offset(finding.range!.start);
  const loc = locate(doc, offset + 1);
  const kind =
    loc.messageType === 'inference.ModelInput'
      ? 'input'
      : loc.messageType === 'inference.ModelOutput'
        ? 'output'
        : undefined;
  if (!kind) return undefined;
  const name = scalarField(loc.message, 'name') ?? '';
  const model = (kind === 'input' ? sig.inputs : sig.outputs).find((t) => t.name === name);
  const mbs = Number(scalarField(doc.root, 'max_batch_size') ?? '0');
  return { doc, message: loc.message, kind, name, model, maxBatchSize: Number.isFinite(mbs) ? mbs : 0 };
}

const fieldOf = (m: MessageValue, name: string): Field[] => m.fields.filter((f) => f.name === name);
const dimsText = (dims: number[]) => `dims: [ ${dims.join(', ')} ]`;

/** Replaces all `name` fields of a message by one field text (the first keeps its place, the rest go). */
function replaceFields(t: TensorAt, name: string, newText: string): TextEdit[] {
  const fields = fieldOf(t.message, name);
  if (fields.length === 0) {
    // Insert after the name field (or at the message start).
    const anchor = fieldOf(t.message, 'name')[0];
    const at = anchor ? anchor.end : t.message.start + 1;
    const indent = anchor ? ' '.repeat(t.doc.lines.position(anchor.start).character) : '  ';
    return [{ range: t.doc.lines.range(at, at), newText: `\n${indent}${newText}` }];
  }
  return fields.map((f, i) =>
    i === 0 ? { range: t.doc.lines.range(f.start, f.end), newText } : removeField(t.doc, f),
  );
}

/**
 * Deletes a field; when it stands alone on its line the whole line goes (no blank indented line left behind),
 * otherwise the field and the spaces after it.
 */
function removeField(doc: TextDocument, f: Field): TextEdit {
  const text = doc.lines.text;
  let from = f.start;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  let to = f.end;
  while (to < text.length && (text[to] === ' ' || text[to] === '\t' || text[to] === ',' || text[to] === ';')) to++;
  const aloneOnLine =
    (from === 0 || text[from - 1] === '\n') && (to === text.length || text[to] === '\n' || text[to] === '\r');
  if (aloneOnLine) {
    if (text[to] === '\r') to++;
    if (text[to] === '\n') to++;
    return { range: doc.lines.range(from, to), newText: '' };
  }
  return { range: doc.lines.range(f.start, to), newText: '' };
}

/** Writes new dims, and fixes or removes an image `format` that no longer fits them. */
function newDims(t: TensorAt, dims: number[]): TextEdit[] {
  const edits = replaceFields(t, 'dims', dimsText(dims));
  const format = fieldOf(t.message, 'format')[0];
  const written = scalarField(t.message, 'format');
  if (!format || (written !== 'FORMAT_NHWC' && written !== 'FORMAT_NCHW')) return edits;
  const fitting = imageFormatFor(dims, written);
  if (fitting === written) return edits;
  if (!fitting) return [...edits, removeField(t.doc, format)];
  return [...edits, { range: t.doc.lines.range(format.start, format.end), newText: `format: ${fitting}` }];
}

const CHANNELS_AT_MOST = 4;

/** The image format the dims fit: Triton needs exactly 3 dims; channels (a small count) first or last. */
function imageFormatFor(dims: number[], written: 'FORMAT_NHWC' | 'FORMAT_NCHW') {
  if (dims.length !== 3) return undefined;
  const small = (d: number) => d > 0 && d <= CHANNELS_AT_MOST;
  if (written === 'FORMAT_NHWC' && small(dims[0]) && !small(dims[2])) return 'FORMAT_NCHW';
  if (written === 'FORMAT_NCHW' && small(dims[2]) && !small(dims[0])) return 'FORMAT_NHWC';
  return written;
}

export function codeActionsFor(text: string, finding: Finding, ctx: LanguageContext): CodeAction[] {
  if (!finding.fixes?.length || !finding.range) return [];
  const actions: CodeAction[] = [];
  for (const fix of finding.fixes) {
    const edits =
      fix.id === 'triton.useSuggestion'
        ? suggestionEdits(text, finding)
        : ctx.signature
          ? editsFor(text, fix.id, finding, ctx.signature)
          : [];
    if (edits.length) actions.push({ title: fix.title, fixId: fix.id, edits });
  }
  return actions;
}

/** Replaces a misspelt field name or enum value by the closest valid one (recomputed from the schema). */
function suggestionEdits(text: string, finding: Finding): TextEdit[] {
  const doc = parseTextFormat(text, modelConfigHook);
  const start = doc.lines.offset(finding.range!.start);
  const end = doc.lines.offset(finding.range!.end);
  const word = text.slice(start, end);
  const loc = locate(doc, start);
  const step = loc.path.at(-1);
  let candidates: string[] = [];
  if (step && step.field.nameStart === start) {
    candidates = fieldsOfType(step.ownerType).map((f) => f.name);
  } else if (step?.schema?.type === 'enum') {
    candidates = schema.enums[step.schema.typeName!].values.map((v) => v.name);
  }
  const pick = closest(word, candidates);
  return pick ? [{ range: finding.range!, newText: pick }] : [];
}

function editsFor(text: string, fixId: string, finding: Finding, sig: OnnxSignature): TextEdit[] {
  if (fixId === 'triton.addModelIO') return addModelIO(text, sig);
  if (fixId === 'triton.setMaxBatchSizeZero') {
    const doc = parseTextFormat(text, modelConfigHook);
    const f = fieldOf(doc.root, 'max_batch_size')[0];
    return f?.value ? [{ range: doc.lines.range(f.value.start, f.value.end), newText: '0' }] : [];
  }
  const t = tensorAt(text, finding, sig);
  if (!t) return [];
  const batch = t.maxBatchSize > 0;
  switch (fixId) {
    case 'triton.fixTensorName': {
      const used = new Set(
        t.doc.root.fields.filter((f) => f.name === t.kind).length ? collectNames(t.doc, t.kind) : [],
      );
      const candidates = (t.kind === 'input' ? sig.inputs : sig.outputs).map((x) => x.name).filter((n) => !used.has(n));
      const pick = closest(t.name, candidates) ?? (candidates.length === 1 ? candidates[0] : undefined);
      const nameField = fieldOf(t.message, 'name')[0];
      return pick && nameField?.value
        ? [{ range: t.doc.lines.range(nameField.value.start, nameField.value.end), newText: JSON.stringify(pick) }]
        : [];
    }
    case 'triton.fixTensorDataType':
      return t.model && !t.model.dataType.startsWith('unsupported')
        ? replaceFields(t, 'data_type', `data_type: ${t.model.dataType}`)
        : [];
    case 'triton.fixTensorDims': {
      if (!t.model?.shape) return [];
      return newDims(t, batch ? t.model.shape.slice(1) : t.model.shape);
    }
    case 'triton.removeBatchDim': {
      const dims = numbersOf(t.message, 'dims');
      return dims.length > 0 ? newDims(t, dims.slice(1)) : [];
    }
    case 'triton.addBatchDim':
      return newDims(t, [-1, ...numbersOf(t.message, 'dims')]);
    default:
      return [];
  }
}

function numbersOf(m: MessageValue, name: string): number[] {
  return fieldOf(m, name)
    .flatMap((f) => (f.value?.kind === 'list' ? f.value.items : f.value ? [f.value] : []))
    .map((v) => Number(v.kind === 'scalar' ? v.text : NaN));
}

function collectNames(doc: TextDocument, kind: 'input' | 'output'): string[] {
  return doc.root.fields
    .filter((f) => f.name === kind)
    .flatMap((f) => (f.value?.kind === 'list' ? f.value.items : f.value ? [f.value] : []))
    .filter((v): v is MessageValue => v.kind === 'message')
    .map((m) => scalarField(m, 'name') ?? '');
}

/** Appends the inputs/outputs the model has and the config lacks. */
export function addModelIO(text: string, sig: OnnxSignature): TextEdit[] {
  const doc = parseTextFormat(text, modelConfigHook);
  const mbs = Number(scalarField(doc.root, 'max_batch_size') ?? '0') || 0;
  const blocks: string[] = [];
  for (const kind of ['input', 'output'] as const) {
    const have = new Set(collectNames(doc, kind));
    const missing = (kind === 'input' ? sig.inputs : sig.outputs).filter((t) => !have.has(t.name));
    if (missing.length) blocks.push(tensorBlock(kind, missing, mbs > 0));
  }
  if (!blocks.length) return [];
  const end = text.length;
  const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return [{ range: doc.lines.range(end, end), newText: `${sep}${blocks.join('')}` }];
}

function tensorBlock(kind: 'input' | 'output', tensors: OnnxTensorSignature[], batch: boolean): string {
  const items = tensors.map(
    (t) =>
      `  {\n    name: ${JSON.stringify(t.name)}\n    data_type: ${t.dataType}\n    ${dimsText((batch ? t.shape?.slice(1) : t.shape) ?? [])}\n  }`,
  );
  return `${kind} [\n${items.join(',\n')}\n]\n`;
}

/**
 * The config.pbtxt Triton's auto-complete would produce for an ONNX model, plus dynamic batching when the batch
 * dimension is dynamic and an explicit instance group, formatted.
 */
export function generateConfigFromModel(modelName: string, sig: OnnxSignature): string {
  const batch = canBatch(sig);
  const text = [
    `name: ${JSON.stringify(modelName)}`,
    'backend: "onnxruntime"',
    `max_batch_size: ${batch ? DEFAULT_MAX_BATCH_SIZE : 0}`,
    tensorBlock('input', sig.inputs, batch),
    tensorBlock('output', sig.outputs, batch),
    batch ? 'dynamic_batching {\n}' : '',
    'instance_group [\n  {\n    count: 1\n    kind: KIND_GPU\n  }\n]',
  ]
    .filter(Boolean)
    .join('\n');
  return formatConfig(text)!;
}

/** Writes `<modelDir>/config.pbtxt` generated from the newest version's model.onnx (temp file + rename; never overwrites). */
export function writeGeneratedConfig(modelDir: string): string {
  const target = path.join(modelDir, 'config.pbtxt');
  if (fs.existsSync(target)) throw new Error(`${target} already exists; not overwriting it`);
  const versions = fs
    .readdirSync(modelDir)
    .filter((n) => /^\d+$/.test(n))
    .sort((a, b) => Number(a) - Number(b));
  const latest = versions.at(-1);
  const file = latest ? resolveOnnxFile(path.join(modelDir, latest), 'model.onnx') : undefined;
  if (!file) throw new Error(`${modelDir}: no <version>/model.onnx to generate a config from`);
  const text = generateConfigFromModel(path.basename(modelDir), readOnnxSignature(file));
  writeFileAtomic(target, text);
  return target;
}
