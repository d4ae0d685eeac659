// Slurm overhead benchmark: queue-to-result time beyond trtexec's own time, per cell, on the loopback Slurm 22.05
// cluster (test/profiling/slurm-harness.ts, SchedulerParameters=batch_sched_delay=0) through the real sshd, trtexec
// being the double replaying a recorded run. Single jobs are split into phases (where the time goes), on a new
// connection (handshake and the login shell's start-up included; also in a "new process" whose trtexec flags are not
// cached yet, as the CLI) and on a kept one (SshKeeper, as the language server does); the references measured in the same run are trtexec's own time (the double's process lifetime) and
// the plain SSH target; an 8-cell job array gives the per-cell figure of a matrix. Target: <= 2 s per cell.
// Usage: MODELREADY_SHARED=/work/shared node --import tsx bench/slurm-overhead.ts [--runs 5] [--cells 8] [--slurm-default]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sharedRoot } from '../test/profiling/corpus';
import { installTrtexecDouble } from '../test/profiling/ssh-harness';
import { SHORT_JOB_SCHEDULER, startSlurmLogin } from '../test/profiling/slurm-harness';
import { runRemoteProfile } from '../server/profiling/remote-run';
import { runSlurmArray } from '../server/profiling/slurm-array';
import { runSlurmProfile } from '../server/profiling/slurm-target';
import { isFinalState } from '../server/profiling/slurm-status';
import { shellOf } from '../server/profiling/remote-shell';
import { SshConnection } from '../server/profiling/ssh-connection';
import { SshKeeper } from '../server/profiling/ssh-keeper';
import type { TrtexecCapabilities } from '../server/profiling/trtexec-command';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    cells: { type: 'string', default: '8' },
    'slurm-default': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const cells = Number(values.cells);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Where a single job's time goes, in ms, in the order it happens. */
const PHASES = {
  connect: 'connect, work folder, trtexec flags (cached)',
  submit: 'upload check, run folder, batch script, sbatch',
  start: 'sbatch returned -> trtexec process started (scheduling, slurmd launch)',
  trtexec: "trtexec's own time (the reference)",
  notice: 'trtexec ended -> we see the final state (job completion, polling)',
  log: 'final state seen -> log read and checked',
  exports: 'exports read and parsed',
  cleanup: 'run folder removed, connection closed',
} as const;
type Phase = keyof typeof PHASES;
type Row = Record<Phase | 'overhead', number>;

async function main(): Promise<void> {
  // The test cluster's one scheduler setting (batch_sched_delay=0) or Slurm's default (3 s).
  const conf = values['slurm-default'] ? { SchedulerParameters: '' } : SHORT_JOB_SCHEDULER;
  const cluster = await startSlurmLogin({ conf });
  try {
    const dir = path.join(cluster.sshd.dir, 'bin');
    const trtexecPath = installTrtexecDouble(dir, {
      version: '10.13.0',
      corpusRun: 'examples/pytorch/resnet/A100/fp16',
      prefix: 'resnet.onnx.engine',
    });
    const self = () => JSON.parse(fs.readFileSync(path.join(dir, 'self-time.json'), 'utf8'));
    const model = path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx');
    const request = { files: [{ localPath: model, remoteName: 'model.onnx' }], choices: { iterations: 10 } };
    const target = cluster.target({ trtexecPath });
    const ssh = { ...target, slurm: undefined };
    const cache = new Map<string, TrtexecCapabilities>();
    console.log(
      `${runs} single runs and one ${cells}-cell array; squeezenet, the A100 FP16 ResNet replay; SchedulerParameters=${conf.SchedulerParameters || "(Slurm's default)"}`,
    );
    // Warm-up (probe, upload) on both targets, not counted.
    await runRemoteProfile(ssh, request, { capabilityCache: cache });
    await runSlurmProfile(target, request, { capabilityCache: cache });

    const sshMs: number[] = [];
    const single = async (connections?: SshKeeper, capabilityCache = cache): Promise<Row> => {
      const at: Record<string, number> = {};
      const t0 = Date.now();
      const result = await runSlurmProfile(target, request, {
        capabilityCache,
        connections,
        onPhase: (phase) => (at[phase] ??= Date.now()),
        onSubmitted: () => (at.submitted = Date.now()),
        onJob: (s) => isFinalState(s.state) && (at.final ??= Date.now()),
      });
      const end = Date.now();
      const { startedAt, endedAt } = self();
      const collected = at['collect-results'];
      const row: Row = {
        connect: at.upload - t0,
        submit: at.submitted - at.upload,
        start: startedAt - at.submitted,
        trtexec: endedAt - startedAt,
        notice: at.final - endedAt,
        log: collected - at.final,
        exports: result.timingsMs['collect-results'],
        cleanup: end - collected - result.timingsMs['collect-results'],
        overhead: end - t0 - (endedAt - startedAt),
      };
      for (const k of Object.keys(row) as (keyof Row)[]) row[k] = Math.round(row[k]);
      return row;
    };
    const show = (row: Row) =>
      Object.keys(PHASES)
        .map((p) => `${p} ${row[p as Phase]}`)
        .join(', ');
    const keeper = new SshKeeper();
    await single(keeper); // the kept connection's first run pays the connection and the login shell
    const fresh: Row[] = [];
    const cold: Row[] = [];
    const warm: Row[] = [];
    const handshakeMs: number[] = [];
    const shellMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // What a new connection costs before any Slurm work: the SSH handshake, then the login shell (its rc files).
      const h0 = Date.now();
      const conn = await SshConnection.connect(target);
      handshakeMs.push(Date.now() - h0);
      const s0 = Date.now();
      await shellOf(conn).run(':');
      shellMs.push(Date.now() - s0);
      conn.close();
      const t0 = Date.now();
      await runRemoteProfile(ssh, request, { capabilityCache: cache });
      const sshSelf = self();
      sshMs.push(Math.round(Date.now() - t0 - (sshSelf.endedAt - sshSelf.startedAt)));
      // A new process (the CLI): trtexec's flags are not known yet either.
      fresh.push(await single(undefined, new Map()));
      cold.push(await single());
      warm.push(await single(keeper));
      console.log(
        `run ${i + 1}: ssh target ${sshMs[i]} ms overhead; handshake ${handshakeMs[i]} ms, login shell ${shellMs[i]} ms`,
      );
      console.log(`  slurm, new process ${fresh[i].overhead} ms [${show(fresh[i])}]`);
      console.log(`  slurm, new connection ${cold[i].overhead} ms [${show(cold[i])}]`);
      console.log(`  slurm, kept connection ${warm[i].overhead} ms [${show(warm[i])}]`);
    }
    keeper.closeAll();

    // The node runs 2 cells at a time (2 CPUs): the array's trtexec time is a cell's own time × cells / 2.
    const journal = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mr-bench-')), 'journal');
    const cellSelfMs: number[] = [];
    const t0 = Date.now();
    await runSlurmArray(
      target,
      Array.from({ length: cells }, (_, i) => ({ key: `cell-${i}`, request })),
      journal,
      {
        capabilityCache: cache,
        onCellDone: (key, outcome) => {
          if (!outcome.ok) throw new Error(`${key}: ${outcome.message}`);
          const s = self();
          cellSelfMs.push(s.endedAt - s.startedAt);
        },
      },
    );
    const arrayWallMs = Date.now() - t0;
    const arrayPerCell = (arrayWallMs - (median(cellSelfMs) * cells) / 2) / cells;

    const med = (rows: Row[], k: keyof Row) => median(rows.map((r) => r[k]));
    console.log('\nmedian per phase of a single job (ms): new process | new connection | kept connection');
    for (const [phase, what] of Object.entries(PHASES))
      console.log(
        `  ${phase.padEnd(8)} ${[fresh, cold, warm].map((rows) => String(med(rows, phase as Phase)).padStart(6)).join(' ')}  ${what}`,
      );
    console.log(
      `a new connection alone: handshake ${median(handshakeMs)} ms, then the login shell's start-up ${median(shellMs)} ms (medians)`,
    );
    const sshMedian = median(sshMs);
    for (const [label, rows] of [
      ['new process', fresh],
      ['new connection', cold],
      ['kept connection', warm],
    ] as const) {
      const overhead = med(rows, 'overhead');
      console.log(
        `single job, ${label}: ${overhead} ms beyond trtexec's own ${med(rows, 'trtexec')} ms; ${(overhead / sshMedian).toFixed(2)}× the SSH target's ${sshMedian} ms; ${(overhead / 2000).toFixed(2)}× the 2000 ms target (${overhead <= 2000 ? 'met' : 'NOT met'})`,
      );
    }
    console.log(
      `${cells}-cell array: ${(arrayWallMs / 1000).toFixed(1)} s wall, ${arrayPerCell.toFixed(0)} ms/cell beyond trtexec; ${(arrayPerCell / 2000).toFixed(2)}× the 2000 ms target (${arrayPerCell <= 2000 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
