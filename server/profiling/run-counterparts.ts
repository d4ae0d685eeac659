// A/B runs across exports: when two runs profiled different exports of a model (a re-export renamed its nodes),
// their per-node comparison pairs nodes through the model diff's matching (name, structure + weights, topology)
// instead of by name.
import type { StoredRun } from '../contract/runs';
import { diffModels } from '../diff/diff-models';
import { readOnnxModel } from '../onnx/reader';
import { hashFile } from '../file-hash';

/**
 * The other run's node names -> the base run's, or undefined when both runs profiled the same export, a run predates
 * model hashes, or a model file no longer holds what was profiled (then names are all there is to go by).
 */
export function runCounterparts(base: StoredRun, other: StoredRun): Map<string, string> | undefined {
  if (!base.modelHash || !other.modelHash || base.modelHash === other.modelHash) return undefined;
  if (hashFile(base.modelPath) !== base.modelHash || hashFile(other.modelPath) !== other.modelHash) return undefined;
  try {
    const diff = diffModels(readOnnxModel(base.modelPath), readOnnxModel(other.modelPath));
    return new Map(diff.matches.map((m) => [m.b, m.a]));
  } catch {
    return undefined;
  }
}
