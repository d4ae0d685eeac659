// `.onnx` files: the ONNX reader and the rules of server/rules/registry.ts.
import { checkOnnxFile } from '../rules/index';
import type { FileKind } from './file-kind';

export function isModelFile(file: string): boolean {
  return file.toLowerCase().endsWith('.onnx');
}

export const onnxModelKind: FileKind = {
  name: 'ONNX model',
  matchesFile: isModelFile,
  analyze: (file, { config }) => checkOnnxFile(file, config),
};
