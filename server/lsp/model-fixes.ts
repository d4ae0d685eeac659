// Model rewrites the editor asks for (run on the analysis worker): each writes a new model beside the original
// through the model writer (temp file + rename) and never touches the original.
import type { OpsetTargetsResult } from '../contract/analysis';
import { convertOpset, defaultOpset, formatPlan } from '../fixes/opset-convert';
import { opsetTargets } from '../fixes/opset-targets';
import { formatSimplifyReport, simplifyModel } from '../fixes/simplify';
import { readOnnxModel } from '../onnx/reader';

export interface ModelRewrite {
  path: string;
  summary: string;
}

/** `<model>.opsetN.onnx`; throws OpsetConversionError (naming the first node that cannot convert) and writes nothing then. */
export function convertModelOpset(file: string, opset: number): ModelRewrite {
  if (!Number.isInteger(opset) || opset < 1) throw new Error(`opset must be a positive integer, got ${opset}`);
  const { plan, written } = convertOpset(readOnnxModel(file), opset);
  return { path: written.path, summary: `${formatPlan(plan)}\nwrote ${written.path}` };
}

/** What "Convert opset" offers: a dry run of the converter toward every target (nothing written). */
export function modelOpsetTargets(file: string): OpsetTargetsResult {
  const model = readOnnxModel(file);
  const targets = opsetTargets(model);
  return { ok: true, current: defaultOpset(model)!, targets };
}

/** Every `simplify.*` fix runs the whole cleanup (the rules' findings overlap: removing Identity can leave dead nodes). */
export function applyModelFix(file: string, fixId: string): ModelRewrite {
  if (!fixId.startsWith('simplify.')) throw new Error(`fix "${fixId}" is not a model rewrite the server applies`);
  const { report, written } = simplifyModel(readOnnxModel(file));
  return { path: written.path, summary: `${formatSimplifyReport(report)}\nwrote ${written.path}` };
}
