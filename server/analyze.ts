// The analysis entry point shared by the CLI and the language server: one file in, findings out.
import type { Finding } from './findings';
import { externalDataFindings, unreadableModelFinding } from './onnx/read-findings';
import { readOnnxModel } from './onnx/reader';
import { isModelFile } from './workspace-files';

export function analyzeFile(file: string): Finding[] {
  if (isModelFile(file)) return analyzeModel(file);
  return [];
}

function analyzeModel(file: string): Finding[] {
  let model;
  try {
    model = readOnnxModel(file);
  } catch (error) {
    return [unreadableModelFinding(file, error)];
  }
  return externalDataFindings(model);
}
