// The trtexec request for a model file: the model and its external-data files to upload, the user's choices, and the
// node names for layer mapping. Shared by the language server's profiling and the CLI's profile matrix.
import path from 'node:path';
import type { ProfileChoices } from '../contract/profiling';
import { resolveExternalData } from '../onnx/external-data';
import { readOnnxModel } from '../onnx/reader';
import type { RemoteProfileRequest } from './remote-run';
import { RemoteRunError } from './trtexec-run';

/** Throws RemoteRunError naming the file when external data is missing (it could not be uploaded). */
export function profileRequestFor(file: string, choices: ProfileChoices): RemoteProfileRequest {
  const model = readOnnxModel(file);
  const external = resolveExternalData(model);
  const missing = external.filter((e) => e.problem);
  if (missing.length)
    throw new RemoteRunError(
      `${file}: external data ${missing.map((e) => `${e.location} (${e.problem})`).join(', ')} cannot be uploaded`,
    );
  return {
    files: [
      { localPath: file, remoteName: path.basename(file) },
      ...external.map((e) => ({ localPath: path.join(path.dirname(file), e.location), remoteName: e.location })),
    ],
    choices,
    onnxNodeNames: (model.graph?.nodes ?? []).map((n) => n.name),
  };
}
