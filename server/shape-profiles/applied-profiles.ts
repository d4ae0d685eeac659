// The optimization profiles a Triton config.pbtxt already applies to its ONNX model: the `trt_profile_min_shapes`,
// `trt_profile_opt_shapes` and `trt_profile_max_shapes` parameters of ONNX Runtime's "tensorrt" accelerator
// (onnxruntime_backend README). An input named in all three has min/opt/max shapes, just as a profile saved in
// `.modelready.json` gives it.
import fs from 'node:fs';
import type { MessageValue, Value } from '../triton/textformat/ast';
import { parseTextFormat } from '../triton/textformat/parser';
import { modelConfigHook } from '../triton/schema';
import path from 'node:path';

const PARAMETERS = ['trt_profile_min_shapes', 'trt_profile_opt_shapes', 'trt_profile_max_shapes'];

const messages = (v: Value | undefined): MessageValue[] =>
  !v ? [] : v.kind === 'message' ? [v] : v.kind === 'list' ? v.items.filter((x) => x.kind === 'message') : [];
const children = (m: MessageValue, name: string): MessageValue[] =>
  m.fields.filter((f) => f.name === name).flatMap((f) => messages(f.value));
const scalar = (m: MessageValue, name: string): string | undefined => {
  const v = m.fields.find((f) => f.name === name)?.value;
  return v?.kind === 'scalar' ? v.text : undefined;
};

/** Input names that the config's TensorRT accelerator gives min, opt and max shapes. */
export function inputsProfiledInConfigText(text: string): Set<string> {
  const doc = parseTextFormat(text, modelConfigHook);
  const named = new Map<string, Set<string>>();
  for (const optimization of children(doc.root, 'optimization'))
    for (const accelerators of children(optimization, 'execution_accelerators'))
      for (const accelerator of children(accelerators, 'gpu_execution_accelerator')) {
        if (scalar(accelerator, 'name') !== 'tensorrt') continue;
        for (const parameter of children(accelerator, 'parameters')) {
          const key = scalar(parameter, 'key');
          const value = scalar(parameter, 'value');
          if (!key || value === undefined || !PARAMETERS.includes(key)) continue;
          // "a:1x3,b:1x7": ONNX Runtime splits on ',' and then on the first ':'
          const names = value.split(',').map((pair) => pair.slice(0, pair.indexOf(':')).trim());
          named.set(key, new Set(names.filter(Boolean)));
        }
      }
  const [min, opt, max] = PARAMETERS.map((p) => named.get(p) ?? new Set<string>());
  return new Set([...min].filter((name) => opt.has(name) && max.has(name)));
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
