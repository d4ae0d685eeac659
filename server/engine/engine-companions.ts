// The files that belong with an engine description in its folder, by the names trtexec users and TREx give them:
// `model.onnx.engine.graph.json` → `model.onnx.engine.profile.json` and `model.onnx`; `layer_info.json` →
// `profile.json`; `x.layers.json` → `x.profile.json` and `x.onnx`. The ONNX model falls back to the folder's only
// `.onnx` file. Only names are tried: nothing beyond the folder listing is read.
import fs from 'node:fs';
import path from 'node:path';

export interface EngineCompanions {
  profile?: string;
  onnx?: string;
}

/** Endings of layer-info file names, longest first; what precedes them is the stem the companions share. */
const LAYER_SUFFIXES = ['.graph.json', '.layers.json', '.layer_info.json', '.layer-info.json', '.json'];
const PLAIN_LAYER_NAMES = /^(?:layer_info|layer-info|layers|graph)\.json$/i;
const ENGINE_ENDINGS = /\.(?:engine|plan|trt)$/i;

function stemOf(name: string): string {
  for (const suffix of LAYER_SUFFIXES) if (name.toLowerCase().endsWith(suffix)) return name.slice(0, -suffix.length);
  return name;
}

export function findCompanions(layersFile: string): EngineCompanions {
  const dir = path.dirname(layersFile);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return {};
  }
  const has = new Set(entries);
  const name = path.basename(layersFile);
  const stem = PLAIN_LAYER_NAMES.test(name) ? '' : stemOf(name);
  const pick = (candidates: string[]) => candidates.find((c) => c !== name && has.has(c));
  const profile = pick(stem ? [`${stem}.profile.json`, `${stem}-profile.json`] : ['profile.json']);
  const model = stem.replace(ENGINE_ENDINGS, '');
  const onnxFiles = entries.filter((e) => e.toLowerCase().endsWith('.onnx'));
  const onnx =
    pick(/\.onnx$/i.test(model) ? [model] : [`${model}.onnx`]) ?? (onnxFiles.length === 1 ? onnxFiles[0] : undefined);
  return {
    ...(profile && { profile: path.join(dir, profile) }),
    ...(onnx && { onnx: path.join(dir, onnx) }),
  };
}
