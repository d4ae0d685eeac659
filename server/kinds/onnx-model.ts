// `.onnx` files: the ONNX reader and the rules of server/rules/registry.ts.
import { checkOnnxFile, checkOnnxModel } from '../rules/index';
import { scopeTensorRtFindings } from '../triton/serving-engine';
import type { FileKind } from './file-kind';

export function isModelFile(file: string): boolean {
  return file.toLowerCase().endsWith('.onnx');
}

export const onnxModelKind: FileKind = {
  name: 'ONNX model',
  matchesFile: isModelFile,
  // Inside a Triton model folder, TensorRT findings hold only when the config serves the model with TensorRT.
  analyze: (file, { config, model }) =>
    scopeTensorRtFindings(file, model ? checkOnnxModel(model, config) : checkOnnxFile(file, config)),
};
