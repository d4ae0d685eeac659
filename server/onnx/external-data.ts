// Resolves a model's external data files (tensor bytes stored beside the .onnx) and says which
// are missing, too short, or point outside the model's folder.
import fs from 'node:fs';
import path from 'node:path';
import type { OnnxModel } from './model';
import { walkTensors } from './walk';
import { relativeInside } from '../path-inside';

export type ExternalDataProblem = 'absolute-path' | 'escapes-model-folder' | 'missing' | 'not-a-file' | 'too-short';

export interface ExternalDataFile {
  location: string;
  /** Bytes the model's tensors take from this file. */
  bytes: number;
  exists: boolean;
  /** Size on disk, when the file exists. */
  fileBytes?: number;
  /** Highest end offset any tensor reads. */
  requiredBytes: number;
  tensors: string[];
  problem?: ExternalDataProblem;
}

/** What a model's tensors ask of each file, per model object (it never changes; the files on disk may). */
const requested = new WeakMap<OnnxModel, ExternalDataFile[]>();

/** The files as they are on disk now; the walk over the model's tensors is made once per model (three rules ask). */
export function resolveExternalData(model: OnnxModel): ExternalDataFile[] {
  let files = requested.get(model);
  if (!files) requested.set(model, (files = requestedFiles(model)));
  const folder = path.dirname(path.resolve(model.path));
  return files.map((f) => {
    const file = { ...f, tensors: [...f.tensors] };
    inspectOnDisk(file, folder);
    return file;
  });
}

function requestedFiles(model: OnnxModel): ExternalDataFile[] {
  const byLocation = new Map<string, ExternalDataFile>();
  // An indexed loop: cold code, where for-of makes an iterator result per tensor (a large model has tens of thousands).
  const tensors = walkTensors(model);
  for (let i = 0; i < tensors.length; i++) {
    const tensor = tensors[i];
    const ref = tensor.external;
    if (!ref) continue;
    let file = byLocation.get(ref.location);
    if (!file) {
      file = { location: ref.location, bytes: 0, exists: false, requiredBytes: 0, tensors: [] };
      byLocation.set(ref.location, file);
    }
    const length = ref.length ?? tensor.byteSize;
    file.bytes += length;
    file.requiredBytes = Math.max(file.requiredBytes, ref.offset + length);
    file.tensors.push(tensor.name);
  }
  return [...byLocation.values()];
}

function inspectOnDisk(file: ExternalDataFile, folder: string): void {
  if (path.isAbsolute(file.location) || path.win32.isAbsolute(file.location)) {
    file.problem = 'absolute-path';
    return;
  }
  const resolved = path.resolve(folder, file.location);
  if (!isInside(folder, resolved)) {
    file.problem = 'escapes-model-folder';
    return;
  }
  let stat: fs.Stats;
  try {
    // A symlink inside the folder may still point elsewhere: judge where it really leads.
    if (!isInside(fs.realpathSync(folder), fs.realpathSync(resolved))) {
      file.problem = 'escapes-model-folder';
      return;
    }
    stat = fs.statSync(resolved);
  } catch {
    file.problem = 'missing';
    return;
  }
  file.exists = true;
  if (!stat.isFile()) {
    file.problem = 'not-a-file';
    return;
  }
  file.fileBytes = stat.size;
  if (stat.size < file.requiredBytes) file.problem = 'too-short';
}

/** Strictly below the folder: external data can't be the folder itself. */
function isInside(folder: string, candidate: string): boolean {
  const relative = relativeInside(folder, candidate);
  return relative !== undefined && relative !== '';
}
