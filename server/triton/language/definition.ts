// Go to definition: an ensemble step's model_name goes to that model's config; an input/output name goes to
// the model file that declares it (the graph view opens it on that tensor).
import type { Range } from '../../findings';
import { parseTextFormat } from '../textformat/parser';
import { modelConfigHook } from '../schema';
import { locate } from './locate';
import type { LanguageContext } from './context';

export interface DefinitionTarget {
  file: string;
  range: Range;
  /** For a tensor: its name in the model file (the graph view selects it). */
  tensor?: string;
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definitionAt(text: string, offset: number, ctx: LanguageContext = {}): DefinitionTarget | undefined {
  const doc = parseTextFormat(text, modelConfigHook);
  const step = locate(doc, offset).path.at(-1);
  const v = step?.field.value;
  if (!step || v?.kind !== 'scalar' || offset < v.start || offset > v.end) return undefined;
  if (step.ownerType === 'inference.ModelEnsembling.Step' && step.field.name === 'model_name') {
    const file = ctx.configPathOf?.(v.text);
    return file ? { file, range: START } : undefined;
  }
  if (
    (step.ownerType === 'inference.ModelInput' || step.ownerType === 'inference.ModelOutput') &&
    step.field.name === 'name' &&
    ctx.signature
  ) {
    const tensors = step.ownerType === 'inference.ModelInput' ? ctx.signature.inputs : ctx.signature.outputs;
    return tensors.some((t) => t.name === v.text)
      ? { file: ctx.signature.file, range: START, tensor: v.text }
      : undefined;
  }
  return undefined;
}
