// Two model files to the diff the graph view draws, with the readiness findings of each side; a file that cannot
// be read is an answer naming it, never a throw (the language server's worker runs this).
import type { DiffModelsResult } from '../contract/model-diff';
import { analyzeFile } from '../analyze';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { modelDiffView } from './diff-view';

export function diffFiles(fileA: string, fileB: string): DiffModelsResult {
  let models;
  try {
    models = [fileA, fileB].map((file) => readOnnxModel(file));
  } catch (error) {
    if (error instanceof OnnxReadError) return { ok: false, message: error.message };
    throw error;
  }
  const [a, b] = models;
  if (!b.graph) return { ok: false, message: `${fileB}: the model holds no graph` };
  return {
    ok: true,
    view: modelDiffView(a, b, analyzeFile(fileA, { model: a }), analyzeFile(fileB, { model: b })),
  };
}
