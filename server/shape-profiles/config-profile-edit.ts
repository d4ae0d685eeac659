// Writes optimization profiles into an existing config.pbtxt for its backend (TensorRT plan or ONNX Runtime with the
// TensorRT execution provider). The edit is computed on the parsed tree and the result is parsed again: an edit that
// would leave the file unparsable is never returned.
import type { ModelInputShape, Profile, TritonProfileBackend } from '../contract/shape-profiles';
import type { Field, MessageValue, TextDocument, Value } from '../triton/textformat/ast';
import { parseTextFormat } from '../triton/textformat/parser';
import { modelConfigHook } from '../triton/schema';
import { parseModelConfig } from '../triton/validate';
import {
  dimsText,
  ORT_PARAMETER,
  ortProfileShapes,
  ortStanza,
  planSettings,
  planStanza,
  profileListText,
  ProfileStanzaError,
  textFormatString,
  type PlanSettings,
  type TextEdit,
} from './triton-stanza';
interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

const fieldsNamed = (m: MessageValue, name: string): Field[] => m.fields.filter((f) => f.name === name);
const messagesOf = (v: Value | undefined): MessageValue[] =>
  !v
    ? []
    : v.kind === 'message'
      ? [v]
      : v.kind === 'list'
        ? v.items.filter((x): x is MessageValue => x.kind === 'message')
        : [];

function scalar(m: MessageValue, name: string): string | undefined {
  const v = fieldsNamed(m, name)[0]?.value;
  return v?.kind === 'scalar' ? v.text : undefined;
}

function indentAt(doc: TextDocument, offset: number): string {
  return ' '.repeat(doc.lines.position(offset).character);
}

/** Replaces every `name` field of `m` by `text` (the first keeps its place) or inserts it as the message's first field. */
function setField(doc: TextDocument, m: MessageValue, name: string, text: string, edits: OffsetEdit[]): void {
  const fields = fieldsNamed(m, name);
  if (fields.length > 0) {
    fields.forEach((f, i) => edits.push({ start: f.start, end: f.end, newText: i === 0 ? text : '' }));
    return;
  }
  const first = m.fields[0];
  if (first) edits.push({ start: first.start, end: first.start, newText: `${text}\n${indentAt(doc, first.start)}` });
  else edits.push({ start: m.start + 1, end: m.start + 1, newText: ` ${text} ` });
}

/** The integer `dims` of an input/output entry, if written as a list of integers. */
function dimsOf(m: MessageValue): number[] | undefined {
  const v = fieldsNamed(m, 'dims')[0]?.value;
  const items = v?.kind === 'list' ? v.items : v?.kind === 'scalar' ? [v] : undefined;
  if (!items || !items.every((x) => x.kind === 'scalar' && x.tokenKind === 'integer')) return undefined;
  return items.map((x) => Number((x as { text: string }).text));
}

/**
 * Dims of a config entry the model gives no shape for (unknown rank or a name the model lacks), when batching is
 * switched: the batch dim is put in front (batching off) or taken off (batching on; it must be variable).
 */
function switchedDims(m: MessageValue, what: string, batching: boolean): number[] {
  const name = scalar(m, 'name') ?? '(unnamed)';
  const dims = dimsOf(m);
  if (!dims)
    throw new ProfileStanzaError(
      `${what} "${name}" has no integer dims to adjust for max_batch_size ${batching ? '> 0' : '0'}, and the model gives no shape for it`,
    );
  if (!batching) return [-1, ...dims];
  if (dims[0] !== -1)
    throw new ProfileStanzaError(
      `${what} "${name}" starts with dim ${dims[0] ?? '(none)'}, not a variable batch dim: Triton batching cannot be turned on for it`,
    );
  return dims.slice(1);
}

function appendAtEnd(text: string, block: string, edits: OffsetEdit[]): void {
  const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  edits.push({ start: text.length, end: text.length, newText: `${sep}${block}` });
}

function planEdits(doc: TextDocument, settings: PlanSettings): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const root = doc.root;
  const mbs = fieldsNamed(root, 'max_batch_size');
  const batching = settings.maxBatchSize > 0;
  // An absent max_batch_size is 0 (tritonserver's auto-complete may raise it, but dims are written for 0 then).
  const wasBatching = Number(scalar(root, 'max_batch_size') ?? '0') > 0;
  if (mbs.length > 0)
    mbs.forEach((f, i) =>
      edits.push({ start: f.start, end: f.end, newText: i === 0 ? `max_batch_size: ${settings.maxBatchSize}` : '' }),
    );
  else {
    const anchor = [
      ...fieldsNamed(root, 'name'),
      ...fieldsNamed(root, 'platform'),
      ...fieldsNamed(root, 'backend'),
    ].sort((a, b) => b.end - a.end)[0];
    if (anchor)
      edits.push({ start: anchor.end, end: anchor.end, newText: `\nmax_batch_size: ${settings.maxBatchSize}` });
    else edits.push({ start: 0, end: 0, newText: `max_batch_size: ${settings.maxBatchSize}\n` });
  }

  const configInputs = fieldsNamed(root, 'input').flatMap((f) => messagesOf(f.value));
  const missing: PlanSettings['inputs'] = [];
  for (const input of settings.inputs) {
    const entries = configInputs.filter((m) => scalar(m, 'name') === input.name);
    if (entries.length === 0) missing.push(input);
  }
  // Every input and output entry: dims from the model's shape, else (batching switched) the entry's own dims moved.
  const entryDims: [string, MessageValue[], Map<string, number[]>][] = [
    ['input', configInputs, new Map(settings.inputs.map((i) => [i.name, i.dims]))],
    [
      'output',
      fieldsNamed(root, 'output').flatMap((f) => messagesOf(f.value)),
      new Map(settings.outputs.map((o) => [o.name, o.dims])),
    ],
  ];
  for (const [what, entries, fromModel] of entryDims) {
    for (const m of entries) {
      const modelDims = fromModel.get(scalar(m, 'name') ?? '');
      if (wasBatching !== batching && fieldsNamed(m, 'reshape').length > 0) {
        throw new ProfileStanzaError(
          `${what} "${scalar(m, 'name')}" has a reshape, which also leaves out the batch dim; adjust it by hand when turning batching ${batching ? 'on' : 'off'}`,
        );
      }
      if (modelDims) setField(doc, m, 'dims', dimsText(modelDims), edits);
      else if (wasBatching !== batching) setField(doc, m, 'dims', dimsText(switchedDims(m, what, batching)), edits);
    }
  }

  const groups = fieldsNamed(root, 'instance_group').flatMap((f) => messagesOf(f.value));
  for (const g of groups) setField(doc, g, 'profile', profileListText(settings.profileCount), edits);

  const blocks: string[] = [];
  if (missing.length > 0) {
    const stanza = planStanza({ ...settings, inputs: missing });
    blocks.push(stanza.slice(stanza.indexOf('input ['), stanza.indexOf('instance_group [')));
  }
  if (groups.length === 0) {
    const stanza = planStanza(settings);
    blocks.push(stanza.slice(stanza.indexOf('instance_group [')));
  }
  if (blocks.length > 0) appendAtEnd(doc.text, blocks.join(''), edits);
  return edits;
}

function ortEdits(doc: TextDocument, profiles: Profile[]): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const values = {
    min: ortProfileShapes(profiles, 'min'),
    opt: ortProfileShapes(profiles, 'opt'),
    max: ortProfileShapes(profiles, 'max'),
  };
  const optimization = fieldsNamed(doc.root, 'optimization').flatMap((f) => messagesOf(f.value))[0];
  if (!optimization) {
    appendAtEnd(doc.text, ortStanza(profiles), edits);
    return edits;
  }
  const accelerators = fieldsNamed(optimization, 'execution_accelerators').flatMap((f) => messagesOf(f.value))[0];
  const tensorrt =
    accelerators &&
    fieldsNamed(accelerators, 'gpu_execution_accelerator')
      .flatMap((f) => messagesOf(f.value))
      .find((m) => scalar(m, 'name') === 'tensorrt');
  const params = (['min', 'opt', 'max'] as const).map(
    (k) => `parameters { key: ${textFormatString(ORT_PARAMETER[k])} value: ${textFormatString(values[k])} }`,
  );
  if (tensorrt) {
    const entries = fieldsNamed(tensorrt, 'parameters').flatMap((f) => messagesOf(f.value).map((m) => ({ f, m })));
    const toInsert: string[] = [];
    (['min', 'opt', 'max'] as const).forEach((k, i) => {
      const existing = entries.filter(({ m }) => scalar(m, 'key') === ORT_PARAMETER[k]);
      if (existing.length === 0) toInsert.push(params[i]);
      // A map key written twice keeps the last value: set every occurrence so none contradicts the new one.
      for (const { m } of existing) setField(doc, m, 'value', `value: ${textFormatString(values[k])}`, edits);
    });
    if (toInsert.length > 0) {
      const anchor = fieldsNamed(tensorrt, 'name')[0];
      const indent = anchor ? indentAt(doc, anchor.start) : '';
      const at = anchor ? anchor.end : tensorrt.start + 1;
      edits.push({ start: at, end: at, newText: toInsert.map((p) => `\n${indent}${p}`).join('') });
    }
    return edits;
  }
  const accelerator = `gpu_execution_accelerator: [ { name: "tensorrt" ${params.join(' ')} } ]`;
  if (accelerators)
    edits.push({ start: accelerators.start + 1, end: accelerators.start + 1, newText: ` ${accelerator} ` });
  else
    edits.push({
      start: optimization.start + 1,
      end: optimization.start + 1,
      newText: ` execution_accelerators { ${accelerator} } `,
    });
  return edits;
}

/** Which of the two backends a config uses (platform or backend field), if either. */
export function profileBackendOf(configText: string): TritonProfileBackend | undefined {
  const doc = parseTextFormat(configText, modelConfigHook);
  const platform = scalar(doc.root, 'platform');
  const backend = scalar(doc.root, 'backend');
  if (backend === 'tensorrt' || platform === 'tensorrt_plan') return 'tensorrt';
  if (backend === 'onnxruntime' || platform === 'onnxruntime_onnx') return 'onnxruntime';
  return undefined;
}

function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

export interface ConfigProfileEdit {
  backend: TritonProfileBackend;
  edits: TextEdit[];
  /** The config text after the edits (parsed again without syntax or schema errors). */
  newText: string;
}

/**
 * The edits that write `profiles` into a config.pbtxt text for its backend (or `backend` when given).
 * Refuses a config that does not parse, a backend that builds no TensorRT engine, and names TensorRT or ONNX
 * Runtime cannot address.
 */
export function profileConfigEdit(
  configText: string,
  inputs: ModelInputShape[],
  profiles: Profile[],
  backend?: TritonProfileBackend,
  outputs: ModelInputShape[] = [],
): ConfigProfileEdit {
  if (profiles.length === 0) throw new ProfileStanzaError('no profile to write');
  const before = parseModelConfig(configText);
  const broken = before.diagnostics.find((d) => d.severity === 'error' && d.ruleId === 'triton/syntax');
  if (broken)
    throw new ProfileStanzaError(`config.pbtxt does not parse (${broken.message}); fix it before applying a profile`);
  const chosen = backend ?? profileBackendOf(configText);
  if (!chosen)
    throw new ProfileStanzaError(
      'the config uses neither the TensorRT backend nor ONNX Runtime; choose the backend the profile is for',
    );
  const doc = before.doc;
  const offsetEdits =
    chosen === 'onnxruntime' ? ortEdits(doc, profiles) : planEdits(doc, planSettings(inputs, profiles, outputs));
  const newText = applyOffsetEdits(configText, offsetEdits);
  // Errors the config already had are the user's; any new one means this edit is wrong, so nothing is offered.
  const known = new Set(
    before.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.replace(/^\d+:\d+: /, '')),
  );
  const introduced = parseModelConfig(newText).diagnostics.find(
    (d) => d.severity === 'error' && !known.has(d.message.replace(/^\d+:\d+: /, '')),
  );
  if (introduced)
    throw new ProfileStanzaError(
      `internal error: the edited config would not load (${introduced.message}); nothing was changed`,
    );
  return {
    backend: chosen,
    newText,
    edits: offsetEdits.map((e) => ({ range: doc.lines.range(e.start, e.end), newText: e.newText })),
  };
}
