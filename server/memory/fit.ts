// Does a model fit the target GPU? One instance's estimate (estimate.ts) at the largest shapes it will see —
// each configured profile's max, else the Triton config's max_batch_size on the batch dim, else the declared
// shapes — times the instances Triton places on one GPU (instances.ts), against the target GPU's memory.
import fs from 'node:fs';
import path from 'node:path';
import { profilesFor, type ModelReadyConfig } from '../config/config';
import type { Dim, OnnxModel } from '../onnx/model';
import { readModelCached } from '../onnx/model-cache';
import { resolveTarget } from '../target/resolve';
import { parseTextFormat } from '../triton/textformat/parser';
import { estimateMemory, type MemoryEstimate } from './estimate';
import { gpuPlacement, type GpuPlacement } from './instances';

/** Config files larger than this are not read for the placement (a real config.pbtxt is a few KiB). */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export interface MemoryFit {
  perInstance: MemoryEstimate;
  perInstanceBytes: number;
  placement: GpuPlacement;
  totalBytes: number;
  /** Where the shapes came from, for the message. */
  shapesFrom: string;
}

export function modelMemoryFit(model: OnnxModel, config: ModelReadyConfig, configText?: string): MemoryFit {
  const tritonText = configText ?? tritonConfigTextOf(model.path);
  const candidates = shapeCandidates(model, config, tritonText);
  let worst: { estimate: MemoryEstimate; bytes: number; from: string } | undefined;
  for (const { shapes, from } of candidates) {
    const estimate = estimateMemory(model, shapes);
    const bytes = estimate.weightBytes + estimate.ioBytes + estimate.activationPeakBytes;
    if (!worst || bytes > worst.bytes) worst = { estimate, bytes, from };
  }
  const placement = tritonText !== undefined ? gpuPlacement(tritonText) : { instancesPerGpu: 1, gpus: [] };
  return {
    perInstance: worst!.estimate,
    perInstanceBytes: worst!.bytes,
    placement,
    totalBytes: worst!.bytes * placement.instancesPerGpu,
    shapesFrom: worst!.from,
  };
}

/** `<model folder>/config.pbtxt` of a model file in a numbered version folder, when it exists. */
export function tritonConfigTextOf(modelFile: string): string | undefined {
  const versionDir = path.dirname(path.resolve(modelFile));
  if (!/^\d+$/.test(path.basename(versionDir))) return undefined;
  const configPath = path.join(path.dirname(versionDir), 'config.pbtxt');
  try {
    if (fs.statSync(configPath).size > MAX_CONFIG_BYTES) return undefined;
    return fs.readFileSync(configPath, 'utf8');
  } catch {
    return undefined;
  }
}

function shapeCandidates(
  model: OnnxModel,
  config: ModelReadyConfig,
  tritonText: string | undefined,
): { shapes?: Record<string, Dim[]>; from: string }[] {
  const profiles = profilesFor(config, model.path);
  if (profiles && profiles.length > 0) {
    return profiles.map((profile, p) => ({
      shapes: Object.fromEntries(Object.entries(profile).map(([name, range]) => [name, range.max])),
      from: profiles.length > 1 ? `profile ${p + 1}'s max shapes` : "the profile's max shapes",
    }));
  }
  const maxBatch = tritonText === undefined ? 0 : maxBatchSize(tritonText);
  if (maxBatch > 0 && model.graph) {
    const initializers = new Set(model.graph.initializers.map((t) => t.name));
    const shapes: Record<string, Dim[]> = {};
    for (const input of model.graph.inputs) {
      const shape = input.type?.kind === 'tensor' ? input.type.shape : undefined;
      if (initializers.has(input.name) || !shape || shape.length === 0 || typeof shape[0] === 'number') continue;
      shapes[input.name] = [maxBatch, ...shape.slice(1)];
    }
    return [{ shapes, from: `batch ${maxBatch} (config.pbtxt max_batch_size)` }];
  }
  return [{ from: 'the declared input shapes' }];
}

function maxBatchSize(text: string): number {
  const field = parseTextFormat(text).root.fields.find((f) => f.name === 'max_batch_size');
  const value = field?.value?.kind === 'scalar' ? Number(field.value.text) : 0;
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** "1.9 GiB", "312.5 MiB". */
export function formatMemory(bytes: number): string {
  const gib = bytes / 2 ** 30;
  if (gib >= 1) return `${gib.toFixed(1)} GiB`;
  const mib = bytes / 2 ** 20;
  if (mib >= 1) return `${mib.toFixed(1)} MiB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}

/** One instance's estimate for the hover on `instance_group`, with the target GPU it is compared to. */
export interface InstanceMemory {
  perInstanceBytes: number;
  /** "weights … + I/O … + activation peak … at …". */
  breakdown: string;
  gpu: string | null;
  gpuMemoryBytes: number | null;
}

export function instanceMemoryOf(fit: MemoryFit, gpu: string | null, gpuMemoryBytes: number | null): InstanceMemory {
  const e = fit.perInstance;
  const unknown = e.unknownSizes.length > 0 ? `; at least: ${e.unknownSizes.length} tensor sizes unknown` : '';
  return {
    perInstanceBytes: fit.perInstanceBytes,
    breakdown: `weights ${formatMemory(e.weightBytes)} + I/O ${formatMemory(e.ioBytes)} + activation peak ${formatMemory(e.activationPeakBytes)} at ${fit.shapesFrom}${unknown}`,
    gpu,
    gpuMemoryBytes,
  };
}

/** "2 instances × 1.9 GiB ≈ 3.8 GiB of the NVIDIA L4's 24.0 GiB". */
export function instancesTimesMemory(instances: number, memory: InstanceMemory): string {
  const total = `${instances} instance${instances === 1 ? '' : 's'} × ${formatMemory(memory.perInstanceBytes)} ≈ ${formatMemory(instances * memory.perInstanceBytes)}`;
  return memory.gpuMemoryBytes === null
    ? `${total} (no target GPU memory known: set target.gpu in .modelready.json)`
    : `${total} of the ${memory.gpu ?? 'target GPU'}'s ${formatMemory(memory.gpuMemoryBytes)}`;
}

/** The estimate of the newest version's model.onnx of a Triton model folder, under its .modelready.json target. */
export function folderInstanceMemory(modelDir: string, config: ModelReadyConfig): InstanceMemory | undefined {
  let versions: string[];
  try {
    versions = fs.readdirSync(modelDir).filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const newest = versions
    .sort((a, b) => Number(b) - Number(a))
    .find((v) => fs.existsSync(path.join(modelDir, v, 'model.onnx')));
  if (newest === undefined) return undefined;
  try {
    const model = readModelCached(path.join(modelDir, newest, 'model.onnx'));
    const target = resolveTarget(config.target);
    return instanceMemoryOf(modelMemoryFit(model, config), target.gpu, target.gpuMemoryBytes);
  } catch {
    return undefined;
  }
}
