// The quick fix of stack/unpinned: pin a package to the version the target implies, as a text edit on the
// stack file (an exact `==` pin; conda's own `=` in environment.yml dependency lists).
import type { ModelReadyConfig } from '../config/config';
import type { Range } from '../findings';
import { targetOf } from './of-config';
import { readPins, stackFileKind, type PackagePin } from './stack-pins';

export interface PinEdit {
  package: PackagePin['package'];
  /** The requirement's text range, replaced by `newText`. */
  range: Range;
  newText: string;
}

/** Edits that pin every unpinned package of `text` whose target version is known (all, or those in `within`). */
export function pinTargetVersionEdits(file: string, text: string, config: ModelReadyConfig, within?: Range): PinEdit[] {
  const target = targetOf(config);
  const versionFor = (pin: PackagePin) =>
    pin.package === 'tensorrt'
      ? target.tensorrt
      : pin.package === 'onnxruntime' || pin.package === 'onnxruntime-gpu'
        ? (target.onnxruntime?.replace(/\+.*$/, '') ?? null)
        : null;
  const conda = stackFileKind(file) === 'conda';
  const edits: PinEdit[] = [];
  for (const pin of readPins(file, text)) {
    if (pin.kind !== 'package' || pin.version !== null) continue;
    if (within && pin.range.start.line !== within.start.line) continue;
    const version = versionFor(pin);
    if (!version) continue;
    const name = pin.text.slice(0, pin.insertAt.character - pin.range.start.character);
    // environment.yml: items under `pip:` take pip syntax, conda dependencies take `=`.
    const operator = conda && !isUnderPip(text, pin.range.start.line) ? '=' : '==';
    edits.push({ package: pin.package, range: pin.range, newText: `${name}${operator}${version}` });
  }
  return edits;
}

function isUnderPip(text: string, line: number): boolean {
  const lines = text.split(/\r?\n/);
  const indent = lines[line].search(/\S/);
  for (let i = line - 1; i >= 0; i--) {
    const own = lines[i].search(/\S/);
    if (own >= 0 && own < indent) return /^\s*-?\s*pip:\s*$/.test(lines[i]);
  }
  return false;
}
