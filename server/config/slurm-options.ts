// The options of a Slurm batch job (from a `kind: slurm` host entry) and their checks: every value that ends up on the
// sbatch command line is a plain Slurm name, a time limit or a pinned image. The hosts configuration reports a
// failure under its key; profiling/slurm-script.ts checks again before building argv.
import type { SlurmHostOptions } from '../contract/profiling';
import { checkPinnedImage } from './container-image';

export interface SlurmJobOptions extends SlurmHostOptions {
  /** pyxis/enroot `srun --container-image`, or `apptainer exec --nv` with an image path. */
  containerImage?: string;
  jobName?: string;
}

export class SlurmOptionError extends Error {}

const TIME_LIMIT = /^(\d+-)?\d+(:\d{1,2}){0,2}$/;
const SLURM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Throws SlurmOptionError naming the first bad option (the hosts configuration reports it under its key). */
export function checkSlurmOptions(options: SlurmJobOptions): void {
  if (options.containerRuntime !== undefined && !['pyxis', 'apptainer'].includes(options.containerRuntime))
    throw new SlurmOptionError('Slurm containerRuntime must be "pyxis" or "apptainer"');
  for (const key of ['partition', 'gpuType', 'account', 'jobName'] as const) {
    const value = options[key];
    if (value !== undefined && !SLURM_NAME.test(value))
      throw new SlurmOptionError(`Slurm ${key} ${JSON.stringify(value.slice(0, 80))} must be letters, digits, _ . -`);
  }
  if (options.timeLimit !== undefined && !TIME_LIMIT.test(options.timeLimit))
    throw new SlurmOptionError(`Slurm time limit ${JSON.stringify(options.timeLimit.slice(0, 40))} is not [d-]h:m:s`);
  if (options.gpus !== undefined && (!Number.isInteger(options.gpus) || options.gpus < 0 || options.gpus > 16))
    throw new SlurmOptionError('Slurm gpus must be an integer 0..16');
  if (options.containerImage !== undefined && options.containerRuntime !== 'apptainer')
    checkPinnedImage(options.containerImage);
}
