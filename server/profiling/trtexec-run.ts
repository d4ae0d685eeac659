// What every trtexec run shares, wherever it runs (over SSH, locally, in a container): the export files asked for,
// streaming the log line by line with the phase read from it, the verdict (exit 0 and PASSED, or an error) and the
// import of the collected files. A run yields a result only when all of this succeeded.
import type { ProfilePhase } from '../contract/profiling';
import type { ImportedRun } from '../contract/trtexec-results';
import { importTrtexecTexts } from './import-results';
import { latencySamplesFromTimes } from './trtexec-exports';
import { parseTrtexecLog } from './trtexec-log';

export class ProfileCancelledError extends Error {}
export class RemoteRunError extends Error {}

export const MAX_LOG_BYTES = 32 * 1024 * 1024;
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

/** Splits a byte stream into lines, keeping the unfinished tail for the next chunk. */
export function lineSplitter(onLine: (line: string) => void): { push: (chunk: Buffer) => void; end: () => void } {
  let tail = '';
  return {
    push(chunk) {
      const parts = (tail + chunk.toString('utf8')).split(/\r?\n/);
      tail = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    },
    end() {
      if (tail) onLine(tail);
      tail = '';
    },
  };
}

/** trtexec prints one of these when the engine is built and timing starts. */
export const isInferenceStart = (line: string): boolean => /Starting inference|Engine built in/.test(line);

/** Export files of one run inside its run folder (POSIX paths: the same on a remote host and locally). */
export function exportPaths(runDir: string, exportTimes: boolean): Record<string, string> {
  const paths: Record<string, string> = { profile: `${runDir}/profile.json`, layerInfo: `${runDir}/layers.json` };
  if (exportTimes) paths.times = `${runDir}/times.json`;
  return paths;
}

/** Throws unless trtexec exited 0 and printed PASSED; the error quotes its last error lines. */
export function checkTrtexecExit(exit: { code: number | null; signal?: string | null }, log: string): void {
  const status = parseTrtexecLog(log).status;
  if (exit.code === 0 && status === 'passed') return;
  const errors = log
    .split('\n')
    .filter((l) => /\[E\]|FAILED|Error/i.test(l))
    .slice(-5)
    .join('\n');
  throw new RemoteRunError(
    `trtexec ${exit.code === null ? `was killed (${exit.signal})` : `exited with code ${exit.code}`}${errors ? `:\n${errors}` : ''}`,
  );
}

export interface CollectedRun {
  run: ImportedRun;
  /** Per-inference latencies from --exportTimes (thinned), for the latency histogram. */
  latencySamplesMs?: number[];
}

/** Parses the log plus the export files (name -> text) into one run. */
export function importCollected(
  log: string,
  exports: { name: string; path: string; text: string }[],
  onnxNodeNames?: string[],
): CollectedRun {
  const inputs = [
    { file: 'trtexec log', text: log },
    ...exports.map((e) => ({ file: `${e.name} export (${e.path})`, text: e.text })),
  ];
  const run = importTrtexecTexts(inputs, { onnxNodeNames });
  const times = exports.find((e) => e.name === 'times');
  return { run, latencySamplesMs: times ? latencySamplesFromTimes(JSON.parse(times.text)) : undefined };
}

export type RunTimings = Record<ProfilePhase, number> & { trtexec: number; total: number };

/** Wall time per phase of a remote run (and the trtexec process's own time, set by the caller), as every target reports it. */
export class PhaseClock {
  readonly timings: RunTimings = {
    connect: 0,
    upload: 0,
    'build-engine': 0,
    inference: 0,
    'collect-results': 0,
    trtexec: 0,
    total: 0,
  };
  private readonly started = Date.now();
  private phaseStart = this.started;
  phase: ProfilePhase = 'connect';

  constructor(private readonly onPhase?: (phase: ProfilePhase) => void) {}

  enter(next: ProfilePhase): void {
    this.timings[this.phase] += Date.now() - this.phaseStart;
    this.phase = next;
    this.phaseStart = Date.now();
    this.onPhase?.(next);
  }

  /** Closes the current phase and the total. */
  finish(): RunTimings {
    this.timings[this.phase] += Date.now() - this.phaseStart;
    this.timings.total = Date.now() - this.started;
    return this.timings;
  }
}
