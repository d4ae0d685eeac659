// The model's estimated GPU memory, times the Triton instances on one GPU, against the target GPU's memory.
import { formatMemory, modelMemoryFit, type MemoryFit } from '../../memory/fit';
import type { Rule } from '../rule';
import { listSome } from '../support/message-text';

export const gpuMemoryFit: Rule = {
  id: 'target/gpu-memory-fit',
  defaultSeverity: 'warning',
  docs: {
    summary:
      "The model's estimated GPU memory (weights + I/O buffers + activation peak at the largest shapes, times the instance_group instances Triton puts on one GPU) is larger than the target GPU's memory (target.gpu).",
    why: 'Triton loads every instance of a model on its GPU; when they do not fit, model loading fails with CUDA out-of-memory, or TensorRT builds with fewer tactics. The figure is an estimate: weights and I/O are exact for the given shapes, activations are the peak of live intermediate tensors over the graph order (TensorRT fuses layers and reuses memory, but also adds workspace), so treat a small overshoot as a warning sign, not a verdict.',
    howToFix:
      'Lower instance_group count (or spread the instances over several GPUs with `gpus: [...]`), lower the profile max / max_batch_size, deploy in FP16/INT8, or pick a GPU with more memory (modelready target shows the resolved GPU memory).',
  },
  check(ctx) {
    const capacity = ctx.target.gpuMemoryBytes;
    if (capacity === null) return [];
    const fit = modelMemoryFit(ctx.model, ctx.config);
    if (fit.totalBytes <= capacity) return [];
    return [{ message: `${describeFit(fit, ctx.target.gpu, capacity)}: does not fit` }];
  },
};

/** "estimate: 2 instances × 1.9 GiB (...) ≈ 3.8 GiB of the L4's 24 GiB". */
export function describeFit(fit: MemoryFit, gpu: string | null, capacity: number): string {
  const e = fit.perInstance;
  const n = fit.placement.instancesPerGpu;
  const parts = `weights ${formatMemory(e.weightBytes)} + I/O ${formatMemory(e.ioBytes)} + activation peak ${formatMemory(e.activationPeakBytes)} at ${fit.shapesFrom}`;
  const lowerBound =
    e.unknownSizes.length > 0 ? `; at least: sizes unknown for ${listSome([...new Set(e.unknownSizes)])}` : '';
  return `estimated GPU memory: ${n} instance${n === 1 ? '' : 's'} × ${formatMemory(fit.perInstanceBytes)} (${parts}${lowerBound}) ≈ ${formatMemory(fit.totalBytes)} of the ${gpu ?? 'target GPU'}'s ${formatMemory(capacity)}`;
}
