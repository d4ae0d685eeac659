// The batch script and the sbatch argv for one trtexec run on a Slurm cluster. Every value that reaches the shell
// (in the script or on the sbatch command line) goes through the one quoter; the container wrappers are argv arrays.
import { checkPinnedImage } from '../config/container-image';
import { quoteShellCommand } from './shell-quote';

export interface SlurmJobOptions {
  partition?: string;
  /** GPU type for `--gres=gpu:<type>:1`; `gpus: 0` leaves GRES out (CPU-only test partitions). */
  gpuType?: string;
  gpus?: number;
  account?: string;
  /** Slurm time limit, e.g. "30" (minutes) or "1:00:00". */
  timeLimit?: string;
  /** pyxis/enroot `srun --container-image`, or `apptainer exec --nv` with an image path. */
  containerImage?: string;
  containerRuntime?: 'pyxis' | 'apptainer';
  jobName?: string;
}

export class SlurmOptionError extends Error {}

const TIME_LIMIT = /^(\d+-)?\d+(:\d{1,2}){0,2}$/;
const SLURM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function checkOptions(options: SlurmJobOptions): void {
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

/** The trtexec argv as it runs on the node: bare, under pyxis, or inside apptainer. */
export function wrapForNode(options: SlurmJobOptions, argv: string[], mounts: string[]): string[] {
  if (!options.containerImage) return argv;
  if (options.containerRuntime === 'apptainer')
    return ['apptainer', 'exec', '--nv', ...mounts.flatMap((m) => ['--bind', m]), options.containerImage, ...argv];
  return ['srun', `--container-image=${options.containerImage}`, `--container-mounts=${mounts.join(',')}`, ...argv];
}

/**
 * One script for a single job or a job array: cell i runs `commands[i]` (SLURM_ARRAY_TASK_ID picks it). Each line
 * is already-quoted argv; the exit status is trtexec's.
 */
export function batchScript(commands: string[][]): string {
  if (commands.length === 0) throw new SlurmOptionError('no command to submit');
  const lines = ['#!/bin/sh', '# written by ModelReady', 'case "${SLURM_ARRAY_TASK_ID:-0}" in'];
  commands.forEach((argv, i) => lines.push(`  ${i}) exec ${quoteShellCommand(argv)} ;;`));
  lines.push('  *) echo "no cell $SLURM_ARRAY_TASK_ID" >&2; exit 2 ;;', 'esac', '');
  return lines.join('\n');
}

/** `sbatch --parsable …` argv; `%a` in the output path becomes the array index. */
export function sbatchArgs(
  options: SlurmJobOptions,
  scriptPath: string,
  outputPath: string,
  array?: { size: number; concurrency?: number },
): string[] {
  checkOptions(options);
  const args = ['sbatch', '--parsable', `--job-name=${options.jobName ?? 'modelready-trtexec'}`];
  args.push(`--output=${outputPath}`, `--error=${outputPath}`, '--no-requeue');
  if (options.partition) args.push(`--partition=${options.partition}`);
  if (options.account) args.push(`--account=${options.account}`);
  if (options.timeLimit) args.push(`--time=${options.timeLimit}`);
  if ((options.gpus ?? 1) > 0)
    args.push(`--gres=gpu:${options.gpuType ? `${options.gpuType}:` : ''}${options.gpus ?? 1}`);
  if (array) {
    if (!Number.isInteger(array.size) || array.size < 1) throw new SlurmOptionError('array size must be >= 1');
    const limit = array.concurrency ? `%${Math.max(1, Math.floor(array.concurrency))}` : '';
    args.push(`--array=0-${array.size - 1}${limit}`);
  }
  return [...args, scriptPath];
}
