// Every analyzed file kind, in the order they are asked. A new kind (Dockerfile, requirements.txt, ...) is a
// module exporting a FileKind (see file-kind.ts) and one line here; the walker, `modelready check` and the
// language server pick it up from this list.
import type { DirEntry } from '../workspace-walk';
import type { FileKind } from './file-kind';
import { onnxModelKind } from './onnx-model';
import { stackFileKind } from './stack-file';
import { tensorrtPlanKind } from './tensorrt-plan';
import { tritonConfigKind } from './triton-config';

export type { AnalysisInput, FileKind } from './file-kind';

export const fileKinds: readonly FileKind[] = [onnxModelKind, tritonConfigKind, stackFileKind, tensorrtPlanKind];

export function kindOfFile(file: string): FileKind | undefined {
  return fileKinds.find((k) => k.matchesFile(file));
}

export function kindOfFolder(dir: string, entries: readonly DirEntry[]): FileKind | undefined {
  return fileKinds.find((k) => k.matchesFolder?.(dir, entries));
}
