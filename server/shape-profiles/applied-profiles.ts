// The optimization profiles a Triton config.pbtxt already applies to its ONNX model: the `trt_profile_min_shapes`,
// `trt_profile_opt_shapes` and `trt_profile_max_shapes` parameters of ONNX Runtime's "tensorrt" accelerator
// (onnxruntime_backend README). Each value is `name:dims` pairs split on ',' and the first ':', dims split on 'x';
// an input named again starts its next profile (ONNX Runtime keeps a list of shapes per input name).
import fs from 'node:fs';
import path from 'node:path';
import type { Profile } from '../contract/shape-profiles';
import type { MessageValue, Value } from '../triton/textformat/ast';
import { parseTextFormat } from '../triton/textformat/parser';
import { modelConfigHook } from '../triton/schema';
import { ORT_PARAMETER } from './triton-stanza';

type Corner = keyof typeof ORT_PARAMETER;
const CORNER_OF = new Map(Object.entries(ORT_PARAMETER).map(([corner, key]) => [key as string, corner as Corner]));

const messages = (v: Value | undefined): MessageValue[] =>
  !v ? [] : v.kind === 'message' ? [v] : v.kind === 'list' ? v.items.filter((x) => x.kind === 'message') : [];
const children = (m: MessageValue, name: string): MessageValue[] =>
  m.fields.filter((f) => f.name === name).flatMap((f) => messages(f.value));
const scalar = (m: MessageValue, name: string): string | undefined => {
  const v = m.fields.find((f) => f.name === name)?.value;
  return v?.kind === 'scalar' ? v.text : undefined;
};

export interface Span {
  start: number;
  end: number;
}

export interface AppliedProfiles {
  /** Profiles of the inputs named in all three parameters (ranks and ranges as written; the rules judge them). */
  profiles: Profile[];
  /** Where each parameter is written (its `parameters { ... }` entry; a key written twice: the last, which wins). */
  spans: Partial<Record<Corner, Span>>;
  /** From the first parameter to the last: where a problem of the whole profile is shown. */
  span: Span;
  /** What ONNX Runtime cannot read: an unparsable pair, an input missing from one of the three, unequal counts. */
  problems: string[];
}

/** Each parameter's `name:dims` pairs as input name → shapes in order (one per profile). */
function parseShapes(key: string, value: string, problems: string[]): Map<string, number[][]> {
  const byName = new Map<string, number[][]>();
  for (const pair of value.split(',')) {
    const colon = pair.indexOf(':');
    const name = pair.slice(0, colon).trim();
    const dims = pair.slice(colon + 1).trim();
    if (colon < 0 || !name || !/^\d+(x\d+)*$/.test(dims)) {
      problems.push(`${key}: "${pair.trim()}" is not input:dims (e.g. input_ids:1x128)`);
      continue;
    }
    byName.set(name, [...(byName.get(name) ?? []), dims.split('x').map(Number)]);
  }
  return byName;
}

/** The TensorRT accelerator's profiles in a config text; undefined when it sets none of the three parameters. */
export function appliedProfilesOf(text: string): AppliedProfiles | undefined {
  const doc = parseTextFormat(text, modelConfigHook);
  const values = new Map<Corner, Map<string, number[][]>>();
  const spans: Partial<Record<Corner, Span>> = {};
  const problems: string[] = [];
  for (const optimization of children(doc.root, 'optimization'))
    for (const accelerators of children(optimization, 'execution_accelerators'))
      for (const accelerator of children(accelerators, 'gpu_execution_accelerator')) {
        if (scalar(accelerator, 'name') !== 'tensorrt') continue;
        for (const field of accelerator.fields.filter((f) => f.name === 'parameters'))
          for (const parameter of messages(field.value)) {
            const key = scalar(parameter, 'key') ?? '';
            const value = scalar(parameter, 'value');
            const corner = CORNER_OF.get(key);
            if (!corner || value === undefined) continue;
            // `parameters { ... }` as a whole; an entry of `parameters: [ ... ]` by itself
            const at = field.value?.kind === 'message' ? field : parameter;
            spans[corner] = { start: at.start, end: at.end };
            values.set(corner, parseShapes(key, value, problems));
          }
      }
  const written = Object.values(spans);
  if (written.length === 0) return undefined;
  const span = { start: Math.min(...written.map((s) => s.start)), end: Math.max(...written.map((s) => s.end)) };
  const [min, opt, max] = (['min', 'opt', 'max'] as const).map((c) => values.get(c) ?? new Map<string, number[][]>());
  const names = new Set([...min.keys(), ...opt.keys(), ...max.keys()]);
  const profiles: Profile[] = [];
  for (const name of names) {
    const lists = [min, opt, max].map((m) => m.get(name) ?? []);
    const missing = (['min', 'opt', 'max'] as const).filter((_, i) => lists[i].length === 0);
    if (missing.length > 0) {
      problems.push(`input "${name}" has no shape in ${missing.map((c) => ORT_PARAMETER[c]).join(', ')}`);
      continue;
    }
    if (new Set(lists.map((l) => l.length)).size > 1)
      problems.push(
        `input "${name}" is named ${lists.map((l) => l.length).join('/')} times in min/opt/max: every profile needs all three shapes`,
      );
    const count = Math.min(...lists.map((l) => l.length));
    for (let p = 0; p < count; p++)
      (profiles[p] ??= {})[name] = { min: lists[0][p], opt: lists[1][p], max: lists[2][p] };
  }
  return { profiles, spans, span, problems };
}

/** Input names that the config's TensorRT accelerator gives min, opt and max shapes. */
export function inputsProfiledInConfigText(text: string): Set<string> {
  return new Set(appliedProfilesOf(text)?.profiles.flatMap((p) => Object.keys(p)) ?? []);
}

/** `<model>/config.pbtxt` for a model at `<model>/<version>/<file>.onnx`, when it exists. */
export function tritonConfigFor(modelFile: string): string | undefined {
  const versionDir = path.dirname(path.resolve(modelFile));
  if (!/^\d+$/.test(path.basename(versionDir))) return undefined;
  const config = path.join(path.dirname(versionDir), 'config.pbtxt');
  return fs.existsSync(config) ? config : undefined;
}

/** The same for the config.pbtxt of the Triton model folder holding `modelFile`; empty when there is none. */
export function inputsProfiledInTritonConfig(modelFile: string): Set<string> {
  const config = tritonConfigFor(modelFile);
  if (!config) return new Set();
  try {
    return inputsProfiledInConfigText(fs.readFileSync(config, 'utf8'));
  } catch {
    return new Set(); // an unreadable config is reported by the Triton rules themselves
  }
}
