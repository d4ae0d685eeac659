// Hover on a config.pbtxt: a field's type, number, default and meaning; an enum value's number; a tensor name
// as the model file declares it; and what Triton's auto-complete adds ("Triton will use: ...").
import type { Range } from '../../findings';
import { parseTextFormat } from '../textformat/parser';
import { modelConfigHook, schema } from '../schema';
import { locate } from './locate';
import { FIELD_DOCS } from './field-docs';
import { typeLabel } from './completion';
import type { LanguageContext } from './context';
import type { AutoCompleted } from '../validate/onnx-check';
import { instancesTimesMemory } from '../../memory/fit';
import { gpuPlacement } from '../../memory/instances';

export interface Hover {
  /** Markdown. */
  contents: string;
  range: Range;
}

const ROOT_AUTOCOMPLETE_FIELDS = new Set([
  'name',
  'platform',
  'backend',
  'max_batch_size',
  'input',
  'output',
  'dynamic_batching',
]);

export function hoverAt(text: string, offset: number, ctx: LanguageContext = {}): Hover | undefined {
  const doc = parseTextFormat(text, modelConfigHook);
  const loc = locate(doc, offset);
  const step = loc.path[loc.path.length - 1];
  if (!step) {
    return ctx.autoCompleted?.filled.length
      ? { contents: autoCompleteText(ctx.autoCompleted), range: doc.lines.range(offset, offset) }
      : undefined;
  }
  const { field, schema: fs, ownerType } = step;
  const onName = offset >= field.nameStart && offset <= field.nameEnd;
  if (onName) {
    if (!fs)
      return {
        contents: `Unknown field \`${field.name}\` of \`${ownerType}\``,
        range: doc.lines.range(field.nameStart, field.nameEnd),
      };
    const parts = [`**${field.name}** \`${typeLabel(fs)}\``];
    const docText = FIELD_DOCS[`${ownerType}.${fs.name}`];
    if (docText) parts.push(docText);
    if (fs.type === 'enum')
      parts.push(`Values: ${schema.enums[fs.typeName!].values.map((v) => `\`${v.name}\``).join(', ')}`);
    const def = defaultOf(fs.type);
    if (def !== undefined && fs.label !== 'repeated')
      parts.push(
        `Default when omitted: \`${fs.type === 'enum' ? schema.enums[fs.typeName!].values.find((v) => v.number === 0)?.name : def}\``,
      );
    if (/microseconds/.test(fs.name)) parts.push('Unit: microseconds.');
    if (fs.name === 'instance_group' && loc.path.length === 1 && ctx.instanceMemory)
      parts.push(
        `Estimated GPU memory: ${instancesTimesMemory(gpuPlacement(text).instancesPerGpu, ctx.instanceMemory)} (an estimate per instance: ${ctx.instanceMemory.breakdown})`,
      );
    if (ctx.autoCompleted?.filled.length && loc.path.length === 1 && ROOT_AUTOCOMPLETE_FIELDS.has(fs.name))
      parts.push(autoCompleteText(ctx.autoCompleted));
    return { contents: parts.join('\n\n'), range: doc.lines.range(field.nameStart, field.nameEnd) };
  }
  const v = field.value;
  if (!v || v.kind !== 'scalar') return undefined;
  if (fs?.type === 'enum') {
    const e = schema.enums[fs.typeName!].values.find((x) => x.name === v.text);
    return e
      ? {
          contents: `\`${e.name}\`, a value of \`${fs.typeName!.replace(/^inference\./, '')}\``,
          range: doc.lines.range(v.start, v.end),
        }
      : undefined;
  }
  if (ownerType === 'inference.ModelEnsembling.Step' && fs?.name === 'model_name') {
    const io = ctx.memberIO?.(v.text);
    const line = (t: { name: string; dataType: string; dims: number[] }) =>
      `- \`${t.name}\`: \`${t.dataType}\` \`[${t.dims.join(', ')}]\``;
    return {
      contents: io
        ? [
            `Model **${v.text}** (max_batch_size ${io.maxBatchSize}${io.decoupled ? ', decoupled' : ''})`,
            'Inputs:',
            ...io.inputs.map(line),
            'Outputs:',
            ...io.outputs.map(line),
          ].join('\n')
        : `No model named \`${v.text}\` in this model repository`,
      range: doc.lines.range(v.start, v.end),
    };
  }
  if (
    (ownerType === 'inference.ModelInput' || ownerType === 'inference.ModelOutput') &&
    fs?.name === 'name' &&
    ctx.signature
  ) {
    const tensors = ownerType === 'inference.ModelInput' ? ctx.signature.inputs : ctx.signature.outputs;
    const t = tensors.find((x) => x.name === v.text);
    const where = `\`${ctx.signature.file}\``;
    return {
      contents: t
        ? `The model declares ${ownerType === 'inference.ModelInput' ? 'input' : 'output'} **${t.name}**: \`${t.dataType}\` shape \`[${(t.shape ?? []).join(', ')}]\` (${where})`
        : `The model (${where}) has no ${ownerType === 'inference.ModelInput' ? 'input' : 'output'} named \`${v.text}\`; it has: ${tensors.map((x) => `\`${x.name}\``).join(', ')}`,
      range: doc.lines.range(v.start, v.end),
    };
  }
  return undefined;
}

function defaultOf(type: string | undefined): string | undefined {
  if (!type || type === 'message') return undefined;
  if (type === 'string' || type === 'bytes') return '""';
  if (type === 'bool') return 'false';
  return '0';
}

/** The part of the config Triton's auto-complete adds, as config text. */
export function autoCompleteText(a: AutoCompleted): string {
  const lines: string[] = [];
  if (a.filled.includes('platform')) lines.push('platform: "onnxruntime_onnx"', 'backend: "onnxruntime"');
  if (a.filled.includes('max_batch_size')) lines.push(`max_batch_size: ${a.maxBatchSize}`);
  for (const [field, tensors] of [
    ['input', a.inputs],
    ['output', a.outputs],
  ] as const) {
    if (!a.filled.includes(field)) continue;
    for (const t of tensors)
      lines.push(`${field} { name: "${t.name}" data_type: ${t.dataType} dims: [ ${t.dims.join(', ')} ] }`);
  }
  if (a.dynamicBatching) lines.push('dynamic_batching { }');
  return `Triton will use (auto-complete):\n\n\`\`\`\n${lines.join('\n')}\n\`\`\``;
}
