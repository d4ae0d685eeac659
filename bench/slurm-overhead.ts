// Slurm overhead benchmark: queue-to-result time beyond trtexec's own time, per cell, on the loopback Slurm 22.05
// cluster (test/profiling/slurm-harness.ts) through the real sshd, trtexec being the double replaying a recorded
// run. Measured in the same run: the plain SSH target (the reference: what any remote run costs), single Slurm jobs
// and an 8-cell job array, on the test cluster as configured and with the scheduler settings below.
// Target: <= 2 s per cell beyond trtexec's own time.
// Usage: MODELREADY_SHARED=/work/shared node --import tsx bench/slurm-overhead.ts [--runs 4] [--cells 8]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sharedRoot } from '../test/profiling/corpus';
import { installTrtexecDouble, startSshd } from '../test/profiling/ssh-harness';
import { startSlurm } from '../test/profiling/slurm-harness';
import { runRemoteProfile } from '../server/profiling/remote-run';
import { runSlurmArray } from '../server/profiling/slurm-array';
import { runSlurmProfile, type SlurmProfileTarget } from '../server/profiling/slurm-target';
import type { TrtexecCapabilities } from '../server/profiling/trtexec-command';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '4' }, cells: { type: 'string', default: '8' } },
});
const runs = Number(values.runs);
const cells = Number(values.cells);

/** Scheduler settings for short jobs: schedule on every event, no batching delay, short timeouts, no kill wait. */
const TUNED = {
  SchedulerParameters: 'sched_min_interval=0,batch_sched_delay=0,default_queue_depth=100',
  MessageTimeout: '5',
  KillWait: '0',
  CompleteWait: '0',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Figures {
  singleMs: number[];
  arrayWallMs: number;
  arrayTrtexecMs: number;
}

async function measure(
  conf: Record<string, string> | undefined,
  label: string,
): Promise<Figures & { sshMs: number[] }> {
  const slurm = await startSlurm({ conf });
  const sshd = await startSshd({ env: slurm.env });
  try {
    const dir = path.join(sshd.dir, 'bin');
    const trtexecPath = installTrtexecDouble(dir, {
      version: '10.13.0',
      corpusRun: 'examples/pytorch/resnet/A100/fp16',
      prefix: 'resnet.onnx.engine',
    });
    const selfMs = () => {
      const self = JSON.parse(fs.readFileSync(path.join(dir, 'self-time.json'), 'utf8'));
      return self.endedAt - self.startedAt;
    };
    const model = path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx');
    const request = { files: [{ localPath: model, remoteName: 'model.onnx' }], choices: { iterations: 10 } };
    const ssh = {
      host: '127.0.0.1',
      port: sshd.port,
      username: 'root',
      identityFile: sshd.clientKey,
      knownHostsFile: sshd.knownHosts,
      trtexecPath,
      workDir: path.join(sshd.dir, 'shared'),
    };
    const target: SlurmProfileTarget = { ...ssh, slurm: { partition: 'gpu', gpus: 0 } };
    const cache = new Map<string, TrtexecCapabilities>();
    // Warm-up (probe, upload) on both targets, not counted.
    await runRemoteProfile(ssh, request, { capabilityCache: cache });
    await runSlurmProfile(target, request, { capabilityCache: cache });
    const sshMs: number[] = [];
    const singleMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = Date.now();
      await runRemoteProfile(ssh, request, { capabilityCache: cache });
      sshMs.push(Math.round(Date.now() - t0 - selfMs()));
      t0 = Date.now();
      const result = await runSlurmProfile(target, request, { capabilityCache: cache });
      singleMs.push(Math.round(Date.now() - t0 - selfMs()));
      console.log(
        `${label} run ${i + 1}: ssh overhead ${sshMs[i]} ms; slurm overhead ${singleMs[i]} ms (queue wait ${result.slurm.queueWaitS} s)`,
      );
    }
    // An array of `cells` cells: the node runs 2 at a time (2 CPUs), so trtexec's own time is its per-cell time
    // times cells / 2; the overhead per cell is what the wall time adds to that, divided by the cells.
    const journal = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mr-bench-')), 'journal');
    const trtexecTimes: number[] = [];
    const t0 = Date.now();
    await runSlurmArray(
      target,
      Array.from({ length: cells }, (_, i) => ({ key: `cell-${i}`, request })),
      journal,
      {
        capabilityCache: cache,
        onCellDone: (key, outcome) => {
          if (!outcome.ok) throw new Error(`${key}: ${outcome.message}`);
          trtexecTimes.push(selfMs());
        },
      },
    );
    const arrayWallMs = Date.now() - t0;
    return { sshMs, singleMs, arrayWallMs, arrayTrtexecMs: (median(trtexecTimes) * cells) / 2 };
  } finally {
    await sshd.stop();
    await slurm.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `${runs} single runs and one ${cells}-cell array per configuration; squeezenet, the A100 FP16 ResNet replay`,
  );
  const base = await measure(undefined, 'test cluster');
  const tuned = await measure(TUNED, 'tuned');
  console.log('');
  const line = (label: string, f: Figures & { sshMs: number[] }) => {
    const single = median(f.singleMs);
    const arrayPerCell = (f.arrayWallMs - f.arrayTrtexecMs) / cells;
    console.log(
      `${label}: single job ${single} ms/cell beyond trtexec (${(single / median(f.sshMs)).toFixed(1)}× the SSH target's ${median(f.sshMs)} ms); ` +
        `${cells}-cell array ${(f.arrayWallMs / 1000).toFixed(1)} s wall, ${arrayPerCell.toFixed(0)} ms/cell beyond trtexec`,
    );
    return { single, arrayPerCell };
  };
  const b = line('test cluster', base);
  const t = line(
    `tuned (${Object.entries(TUNED)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')})`,
    tuned,
  );
  console.log(
    `tuned / test cluster: single ${(t.single / b.single).toFixed(2)}, array ${(t.arrayPerCell / b.arrayPerCell).toFixed(2)}; target <= 2000 ms/cell: single ${t.single <= 2000 ? 'met' : 'NOT met'}, array ${t.arrayPerCell <= 2000 ? 'met' : 'NOT met'}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
