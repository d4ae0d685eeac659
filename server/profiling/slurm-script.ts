// The batch script and the sbatch argv for one trtexec run on a Slurm cluster. Every value that reaches the shell
// (in the script or on the sbatch command line) goes through the one quoter; the container wrappers are argv arrays.
import { checkSlurmOptions, SlurmOptionError, type SlurmJobOptions } from '../config/slurm-options';
import { quoteShellCommand } from './shell-quote';

export { SlurmOptionError, type SlurmJobOptions };

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
  checkSlurmOptions(options);
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
