// Reading what Slurm says about a job: `sbatch --parsable`, `squeue` and `sacct -P` output → one state record.

export type SlurmJobState =
  | 'PENDING'
  | 'RUNNING'
  | 'COMPLETING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'NODE_FAIL'
  | 'OUT_OF_MEMORY'
  | 'PREEMPTED'
  | 'BOOT_FAIL'
  | 'DEADLINE'
  | 'UNKNOWN';

export interface SlurmJobStatus {
  jobId: string;
  state: SlurmJobState;
  /** Reason squeue gives for a pending job (Resources, Priority, …). */
  reason?: string;
  node?: string;
  exitCode?: number;
  signal?: number;
  submitTime?: string;
  startTime?: string;
  endTime?: string;
}

const FINAL: ReadonlySet<SlurmJobState> = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
]);
export const isFinalState = (state: SlurmJobState): boolean => FINAL.has(state);

const KNOWN = new Set<string>([...FINAL, 'PENDING', 'RUNNING', 'COMPLETING']);
function toState(raw: string): SlurmJobState {
  // sacct writes "CANCELLED by 0"; squeue may say CONFIGURING/REQUEUED etc., which we treat as not yet running.
  const word = raw.trim().split(/\s+/)[0] ?? '';
  if (KNOWN.has(word)) return word as SlurmJobState;
  return ['CONFIGURING', 'REQUEUED', 'RESIZING', 'SUSPENDED', 'REQUEUE_HOLD'].includes(word) ? 'PENDING' : 'UNKNOWN';
}

/** `sbatch --parsable` prints "<jobid>[;cluster]". */
export function parseSbatchOutput(text: string): string {
  const id = /^(\d+)(;[\w.-]+)?\s*$/m.exec(text.trim());
  if (!id) throw new Error(`sbatch did not print a job id: ${JSON.stringify(text.trim().slice(0, 300))}`);
  return id[1];
}

export const SQUEUE_FORMAT = '%i|%T|%N|%r';
/** `squeue -h -o '%i|%T|%N|%r'` lines → status per job id ("123_4" for array cells). */
export function parseSqueue(text: string): Map<string, SlurmJobStatus> {
  const jobs = new Map<string, SlurmJobStatus>();
  for (const line of text.split('\n')) {
    const [jobId, state, node, reason] = line.trim().split('|');
    if (!jobId || state === undefined) continue;
    jobs.set(jobId, {
      jobId,
      state: toState(state),
      node: node || undefined,
      reason: reason && reason !== 'None' ? reason : undefined,
    });
  }
  return jobs;
}

export const SACCT_FIELDS = 'JobID,State,ExitCode,NodeList,Submit,Start,End';
/** `sacct -n -P -X -o JobID,State,ExitCode,NodeList,Submit,Start,End` → status per job id (steps skipped). */
export function parseSacct(text: string): Map<string, SlurmJobStatus> {
  const jobs = new Map<string, SlurmJobStatus>();
  for (const line of text.split('\n')) {
    const [jobId, state, exit, node, submit, start, end] = line.trim().split('|');
    if (!jobId || state === undefined || jobId.includes('.')) continue;
    const [code, signal] = (exit ?? '').split(':').map(Number);
    const time = (t?: string) => (t && t !== 'Unknown' && t !== 'None' ? t : undefined);
    jobs.set(jobId, {
      jobId,
      state: toState(state),
      exitCode: Number.isFinite(code) ? code : undefined,
      signal: Number.isFinite(signal) ? signal : undefined,
      node: node && node !== 'None assigned' ? node : undefined,
      submitTime: time(submit),
      startTime: time(start),
      endTime: time(end),
    });
  }
  return jobs;
}

/** Looks at a job fast while a short one may be about to finish, then backs off: 100 ms, +10% of the wait, ≤ max. */
export const pollDelayMs = (waitedMs: number, maxMs = 1000): number => Math.min(maxMs, 100 + waitedMs / 10);

/** Seconds between two sacct timestamps ("2026-12-02T04:31:05"), for the queue wait. */
export function secondsBetween(from?: string, to?: string): number | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : undefined;
}

/** Why a finished job gave no result, in words. */
export function describeFailure(status: SlurmJobStatus): string {
  const where = status.node ? ` on ${status.node}` : '';
  switch (status.state) {
    case 'TIMEOUT':
      return `Slurm job ${status.jobId} was killed by its time limit${where}`;
    case 'NODE_FAIL':
      return `Slurm job ${status.jobId} failed because its node${where} stopped responding`;
    case 'CANCELLED':
      return `Slurm job ${status.jobId} was cancelled${where}`;
    case 'OUT_OF_MEMORY':
      return `Slurm job ${status.jobId} ran out of memory${where}`;
    default:
      return `Slurm job ${status.jobId} ended ${status.state}${where} (exit ${status.exitCode ?? '?'}${status.signal ? `, signal ${status.signal}` : ''})`;
  }
}

/** `scontrol show job -o <id>` (one line per job or array cell) → status keyed "<id>" or "<arrayId>_<index>". */
export function parseScontrolJobs(text: string): Map<string, SlurmJobStatus> {
  const jobs = new Map<string, SlurmJobStatus>();
  for (const line of text.split('\n')) {
    const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(line)?.[1];
    const jobId = field('JobId');
    const state = field('JobState');
    if (!jobId || !state) continue;
    const arrayId = field('ArrayJobId');
    const task = field('ArrayTaskId');
    const [code, signal] = (field('ExitCode') ?? '').split(':').map(Number);
    const time = (t?: string) => (t && t !== 'Unknown' && t !== 'None' ? t : undefined);
    const node = field('BatchHost') ?? field('NodeList');
    const status: SlurmJobStatus = {
      jobId,
      state: toState(state),
      reason: field('Reason') && field('Reason') !== 'None' ? field('Reason') : undefined,
      node: node && node !== '(null)' ? node : undefined,
      exitCode: Number.isFinite(code) ? code : undefined,
      signal: Number.isFinite(signal) ? signal : undefined,
      submitTime: time(field('SubmitTime')),
      startTime: time(field('StartTime')),
      endTime: time(field('EndTime')),
    };
    // A pending array keeps its unstarted cells on one line: "ArrayTaskId=2-3" or "4,6%2".
    if (arrayId && task)
      for (const index of expandIndices(task))
        jobs.set(`${arrayId}_${index}`, { ...status, jobId: `${arrayId}_${index}` });
    else jobs.set(jobId, status);
  }
  return jobs;
}

function expandIndices(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split('%')[0].split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (!Number.isInteger(a)) continue;
    for (let i = a; i <= (Number.isInteger(b) ? b : a) && out.length < 10000; i++) out.push(i);
  }
  return out;
}
