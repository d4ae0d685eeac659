// Serialized TensorRT engines (`model.plan` in a Triton model repository): the header's version word against the
// target's TensorRT (server/target/stack-check.ts).
import { checkPlanFile } from '../target/stack-check';
import { isPlanFile } from '../target/stack-pins';
import type { FileKind } from './file-kind';

export const tensorrtPlanKind: FileKind = {
  name: 'TensorRT plan',
  matchesFile: isPlanFile,
  analyze: (file, { config }) => checkPlanFile(file, config),
};
