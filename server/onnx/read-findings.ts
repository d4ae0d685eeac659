// Findings the reader itself establishes: the model can't be decoded, or its external data is
// missing, short, or outside the model's folder.
import type { Finding } from '../findings';
import { resolveExternalData, type ExternalDataFile } from './external-data';
import type { OnnxModel } from './model';
import { OnnxReadError } from './reader';

export function unreadableModelFinding(file: string, error: unknown): Finding {
  const message = error instanceof OnnxReadError ? error.message : `${file}: ${String(error)}`;
  return { ruleId: 'onnx/unreadable-model', severity: 'error', message, file };
}

const PROBLEM_TEXT: Record<
  NonNullable<ExternalDataFile['problem']>,
  { ruleId: string; text: (f: ExternalDataFile) => string }
> = {
  'absolute-path': {
    ruleId: 'onnx/external-data-escapes-folder',
    text: (f) =>
      `external data location "${f.location}" is an absolute path; ONNX requires a path relative to the model's folder`,
  },
  'escapes-model-folder': {
    ruleId: 'onnx/external-data-escapes-folder',
    text: (f) => `external data location "${f.location}" points outside the model's folder`,
  },
  missing: { ruleId: 'onnx/external-data-missing', text: (f) => `external data file "${f.location}" is missing` },
  'not-a-file': {
    ruleId: 'onnx/external-data-missing',
    text: (f) => `external data location "${f.location}" is not a regular file`,
  },
  'too-short': {
    ruleId: 'onnx/external-data-short',
    text: (f) =>
      `external data file "${f.location}" has ${f.fileBytes} bytes but tensors read up to byte ${f.requiredBytes}`,
  },
};

export function externalDataFindings(model: OnnxModel, files = resolveExternalData(model)): Finding[] {
  return files
    .filter((f) => f.problem)
    .map((f) => {
      const { ruleId, text } = PROBLEM_TEXT[f.problem!];
      const tensors =
        f.tensors.length > 3
          ? `${f.tensors.slice(0, 3).join(', ')} and ${f.tensors.length - 3} more`
          : f.tensors.join(', ');
      return {
        ruleId,
        severity: 'error',
        file: model.path,
        message: `${text(f)} (${f.tensors.length} tensor(s): ${tensors})`,
      };
    });
}
