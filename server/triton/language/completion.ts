// Completion at an offset of a config.pbtxt: field names valid in the enclosing message, enum values, booleans,
// platform and backend names, model names for ensemble steps, and tensor names read from the model file.
import { parseTextFormat } from '../textformat/parser';
import { modelConfigHook, schema, fieldsOfType, resolveField, type FieldSchema } from '../schema';
import { locate, scalarField } from './locate';
import type { MessageValue, TextDocument } from '../textformat/ast';
import { FIELD_DOCS } from './field-docs';
import { PLATFORM_BACKEND, KNOWN_BACKENDS, ENSEMBLE_PLATFORM } from '../validate/platforms';
import type { LanguageContext } from './context';

export type CompletionKind = 'field' | 'enum' | 'value' | 'model' | 'tensor';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert (snippets use LSP `$1` placeholders). */
  insertText: string;
  isSnippet?: boolean;
}

export function completionsAt(text: string, offset: number, ctx: LanguageContext = {}): CompletionItem[] {
  const doc = parseTextFormat(text, modelConfigHook);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const loc = locate(doc, offset);
  const type = loc.messageType;
  if (!type) return [];

  // Value position: `field: <cursor>` (or inside `field: [ ... <cursor>`).
  const valueMatch = /(\w+)\s*:\s*(?:\[(?:[^\]]*,)?\s*)?"?[\w./-]*$/.exec(before);
  if (valueMatch) {
    const field = resolveField(type, valueMatch[1]);
    if (field) return valueCompletions(type, field, loc.message, ctx, doc, offset);
  }
  // Name position: fields of the enclosing message that may still be written.
  // Fields already written, except the one whose name is being typed at the cursor.
  const present = new Set(
    loc.message.fields.filter((f) => !(offset >= f.nameStart && offset <= f.nameEnd)).map((f) => f.name),
  );
  const presentOneofs = new Set(
    fieldsOfType(type)
      .filter((f) => f.oneof && present.has(f.name))
      .map((f) => f.oneof),
  );
  return fieldsOfType(type)
    .filter((f) => f.label === 'repeated' || !present.has(f.name))
    .filter((f) => !f.oneof || !presentOneofs.has(f.oneof) || present.has(f.name))
    .filter((f) => !f.deprecated)
    .map((f) => fieldItem(type, f));
}

function fieldItem(owner: string, f: FieldSchema): CompletionItem {
  const isMessage = f.type === 'message' || !!f.map;
  const insertText = isMessage
    ? f.label === 'repeated' && !f.map
      ? `${f.name} [\n  {\n    $0\n  }\n]`
      : `${f.name} {\n  $0\n}`
    : `${f.name}: $0`;
  return {
    label: f.name,
    kind: 'field',
    detail: typeLabel(f),
    documentation: FIELD_DOCS[`${owner}.${f.name}`],
    insertText,
    isSnippet: true,
  };
}

export function typeLabel(f: FieldSchema): string {
  const base = f.map
    ? `map<${f.map.keyType}, ${f.map.valueTypeName ?? f.map.valueType}>`
    : (f.typeName ?? f.type ?? '');
  return `${f.label === 'repeated' && !f.map ? 'repeated ' : ''}${base.replace(/^inference\./, '')}${f.oneof ? ` (oneof ${f.oneof})` : ''}`;
}

/**
 * In an ensemble step's maps: keys are the member model's inputs (input_map) or outputs (output_map); input_map
 * values are the ensemble's tensors (its inputs and what earlier steps produce).
 */
function ensembleMapCompletions(
  map: 'input_map' | 'output_map',
  side: 'key' | 'value',
  doc: TextDocument,
  offset: number,
  ctx: LanguageContext,
): { name: string; detail?: string }[] {
  const path = locate(doc, offset).path;
  const mapStep = path.find((p) => p.field.name === map && p.ownerType === 'inference.ModelEnsembling.Step');
  const stepMessage = mapStep?.owner;
  if (!stepMessage) return [];
  if (side === 'key') {
    const io = ctx.memberIO?.(scalarField(stepMessage, 'model_name') ?? '');
    const tensors = map === 'input_map' ? io?.inputs : io?.outputs;
    return (tensors ?? []).map((t) => ({ name: t.name, detail: `${t.dataType} [${t.dims.join(',')}]` }));
  }
  if (map === 'output_map') return [];
  const names = new Set<string>();
  for (const f of doc.root.fields) {
    if (f.name !== 'input') continue;
    const items = f.value?.kind === 'list' ? f.value.items : f.value ? [f.value] : [];
    for (const item of items) if (item.kind === 'message') names.add(scalarField(item, 'name') ?? '');
  }
  const scheduling = doc.root.fields.find((f) => f.name === 'ensemble_scheduling')?.value;
  if (scheduling?.kind === 'message') {
    for (const stepField of scheduling.fields.filter((f) => f.name === 'step')) {
      const steps = stepField.value?.kind === 'list' ? stepField.value.items : stepField.value ? [stepField.value] : [];
      for (const st of steps) {
        if (st.kind !== 'message') continue;
        for (const om of st.fields.filter((f) => f.name === 'output_map'))
          if (om.value?.kind === 'message') names.add(scalarField(om.value, 'value') ?? '');
      }
    }
  }
  names.delete('');
  return [...names].map((name) => ({ name }));
}

function valueCompletions(
  owner: string,
  field: FieldSchema,
  message: MessageValue,
  ctx: LanguageContext,
  doc: TextDocument,
  offset: number,
): CompletionItem[] {
  if (field.type === 'enum') {
    const enumName = field.typeName!.replace(/^inference\./, '');
    return (schema.enums[field.typeName!]?.values ?? [])
      .filter((v) => !v.deprecated && v.name !== 'TYPE_INVALID')
      .map((v) => ({ label: v.name, kind: 'enum', detail: enumName, insertText: v.name }));
  }
  if (field.type === 'bool') return ['true', 'false'].map((b) => ({ label: b, kind: 'value', insertText: b }));
  const quoted = (s: string, kind: CompletionKind, detail?: string): CompletionItem => ({
    label: s,
    kind,
    detail,
    insertText: `"${s}"`,
  });
  const key = `${owner}.${field.name}`;
  if (key === 'inference.ModelConfig.platform')
    return [...Object.keys(PLATFORM_BACKEND), ENSEMBLE_PLATFORM].map((p) =>
      quoted(p, 'value', PLATFORM_BACKEND[p] ? `backend ${PLATFORM_BACKEND[p]}` : undefined),
    );
  if (key === 'inference.ModelConfig.backend') return KNOWN_BACKENDS.map((b) => quoted(b, 'value'));
  if (key === 'inference.ModelEnsembling.Step.model_name') return (ctx.modelNames ?? []).map((m) => quoted(m, 'model'));
  const mapMatch = /^inference\.ModelEnsembling\.Step\.(input_map|output_map)#entry\.(key|value)$/.exec(key);
  if (mapMatch)
    return ensembleMapCompletions(
      mapMatch[1] as 'input_map' | 'output_map',
      mapMatch[2] as 'key' | 'value',
      doc,
      offset,
      ctx,
    ).map((n) => quoted(n.name, 'tensor', n.detail));
  if (
    (owner === 'inference.ModelInput' || owner === 'inference.ModelOutput') &&
    field.name === 'name' &&
    ctx.signature
  ) {
    const tensors = owner === 'inference.ModelInput' ? ctx.signature.inputs : ctx.signature.outputs;
    const taken = new Set(
      message.fields.filter((f) => f.name === 'name').map((f) => (f.value?.kind === 'scalar' ? f.value.text : '')),
    );
    return tensors
      .filter((t) => !taken.has(t.name))
      .map((t) => quoted(t.name, 'tensor', `${t.dataType} [${(t.shape ?? []).join(',')}]`));
  }
  return [];
}
