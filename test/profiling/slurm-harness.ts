// A real Slurm 22.05 cluster for the tests: munged + slurmctld + slurmd as root on loopback, one node "mrnode" with
// 2 CPUs, all config, state and logs in a temp folder. No GRES: slurmd 22.05 reports a count of 0 for GPUs declared
// in gres.conf without device files and drains the node, so the tests submit without `--gres` (gpus: 0).
// Clients find it through SLURM_CONF (passed to SSH sessions by the sshd fixture).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SlurmProfileTarget } from '../../server/profiling/slurm-target';
import { sshTargetOf, startSshd, type SshdHandle } from './ssh-harness';

export interface SlurmHandle {
  dir: string;
  /** The tails of the daemons' logs, for a failing test's message. */
  logs: () => string;
  conf: string;
  env: Record<string, string>;
  /** Stops slurmd (the node "dies"); slurmctld marks it down after SlurmdTimeout. */
  stopNode: () => Promise<void>;
  startNode: () => Promise<void>;
  scontrol: (...args: string[]) => string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function daemon(command: string, args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  return spawn(command, args, { env, stdio: ['ignore', out, out] });
}

/**
 * Kills what outlived the daemons: a step daemon (slurmstepd) whose slurmd was killed mid-job detaches and waits on,
 * and so do its job's processes. They are told apart from other clusters' by the SLURM_CONF they inherited.
 */
function killLeftovers(marker: string): void {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue; // gone, or not ours to read
    }
    if (Number(pid) === process.pid || !environ.split('\0').includes(marker)) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * Slurm's default delays a batch job's first scheduling attempt by up to 3 s (batch_sched_delay, to batch submissions
 * on busy clusters); a cluster serving short jobs can set it to 0, and the test cluster does. The main scheduler then
 * picks a new job up within its next pass (under 1 s). `{ SchedulerParameters: '' }` restores Slurm's default.
 */
export const SHORT_JOB_SCHEDULER: Record<string, string> = { SchedulerParameters: 'batch_sched_delay=0' };

export interface SlurmOptions {
  /** slurm.conf keys to set or replace (an empty value leaves the key out); default SHORT_JOB_SCHEDULER. */
  conf?: Record<string, string>;
}

export async function startSlurm(options: SlurmOptions = {}): Promise<SlurmHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-slurm-'));
  for (const sub of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, sub), { mode: 0o700 });
  const mungeKey = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(mungeKey, Buffer.from(Array.from({ length: 1024 }, () => Math.floor(Math.random() * 256))), {
    mode: 0o400,
  });
  const mungeSocket = path.join(dir, 'munge', 'munge.socket');
  const munged = daemon(
    '/usr/sbin/munged',
    [
      '--foreground',
      '--force',
      `--key-file=${mungeKey}`,
      `--socket=${mungeSocket}`,
      `--pid-file=${dir}/munge/munged.pid`,
      `--log-file=${dir}/log/munged.log`,
      `--seed-file=${dir}/munge/seed`,
    ],
    process.env,
    `${dir}/log/munged.out`,
  );
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  const settings = { ...SHORT_JOB_SCHEDULER, ...options.conf };
  fs.writeFileSync(
    conf,
    [
      'ClusterName=modelready',
      'SlurmctldHost=localhost(127.0.0.1)',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${mungeSocket}`,
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/pgid',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerType=sched/builtin',
      'AccountingStorageType=accounting_storage/none',
      'JobAcctGatherType=jobacct_gather/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'ReturnToService=2',
      'SlurmdTimeout=4',
      // A ping to a dead slurmd fails after MessageTimeout (default 10 s) and the node is set DOWN at the second failed
      // ping: 5 s brings a node failure's NODE_FAIL from ~26 s to ~16 s after slurmd stops.
      'MessageTimeout=5',
      'MinJobAge=600',
      'KillWait=2',
      'OverTimeLimit=0',
      'InactiveLimit=0',
      'SlurmdParameters=config_overrides',
      'NodeName=mrnode NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=2 RealMemory=1000 State=UNKNOWN',
      'PartitionName=gpu Nodes=mrnode Default=YES MaxTime=INFINITE State=UP',
    ]
      .filter((line) => !Object.hasOwn(settings, line.split('=')[0]))
      .concat(
        Object.entries(settings)
          .filter(([, value]) => value !== '')
          .map(([key, value]) => `${key}=${value}`),
        '',
      )
      .join('\n'),
  );
  const env = { SLURM_CONF: conf };
  const daemonEnv = { ...process.env, ...env };
  const ctld = daemon('/usr/sbin/slurmctld', ['-D', '-i', '-f', conf], daemonEnv, `${dir}/log/slurmctld.out`);
  let slurmd: ChildProcess | undefined;
  const scontrol = (...args: string[]) =>
    execFileSync('scontrol', args, { env: daemonEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = () =>
    ['slurmctld.log', 'slurmd.log', 'slurmctld.out', 'slurmd.out', 'munged.out']
      .map((f) => {
        const p = path.join(dir, 'log', f);
        return fs.existsSync(p) ? `--- ${f}\n${fs.readFileSync(p, 'utf8').slice(-2000)}` : '';
      })
      .join('\n');
  const waitNodeIdle = async () => {
    for (let i = 0; i < 150; i++) {
      try {
        const state = /State=(\S+)/.exec(scontrol('show', 'node', 'mrnode', '-o'))?.[1] ?? '';
        if (/^(IDLE|MIXED|ALLOCATED)/.test(state) && !state.includes('NOT_RESPONDING')) return;
      } catch {
        // slurmctld not answering yet
      }
      await sleep(100);
    }
    throw new Error(`the Slurm node did not come up:\n${logs()}`);
  };
  const startNode = async () => {
    slurmd = daemon('/usr/sbin/slurmd', ['-D', '-N', 'mrnode', '-f', conf], daemonEnv, `${dir}/log/slurmd.out`);
    await waitNodeIdle();
  };
  const stop = async () => {
    await stopChild(slurmd);
    await stopChild(ctld);
    await stopChild(munged);
    killLeftovers(`SLURM_CONF=${conf}`);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await startNode();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    dir,
    logs,
    conf,
    env,
    scontrol,
    startNode,
    stopNode: () => stopChild(slurmd, 'SIGKILL'),
    stop,
  };
}

/** The cluster behind its login node: the sshd fixture passes SLURM_CONF to every session. */
export interface SlurmLogin {
  slurm: SlurmHandle;
  sshd: SshdHandle;
  /** The login node as a Slurm target: work folder "shared fs" (a space, for the quoter), CPU partition, no GRES. */
  target: (
    extra?: Partial<Omit<SlurmProfileTarget, 'slurm'>>,
    slurm?: SlurmProfileTarget['slurm'],
  ) => SlurmProfileTarget;
  stop: () => Promise<void>;
}

export async function startSlurmLogin(options: SlurmOptions = {}): Promise<SlurmLogin> {
  const slurm = await startSlurm(options);
  let sshd: SshdHandle;
  try {
    sshd = await startSshd({ env: slurm.env });
  } catch (error) {
    await slurm.stop();
    throw error;
  }
  return {
    slurm,
    sshd,
    target: (extra = {}, jobOptions = {}) => ({
      ...sshTargetOf(sshd, { workDir: path.join(sshd.dir, 'shared fs'), ...extra }),
      slurm: { partition: 'gpu', gpus: 0, ...jobOptions },
    }),
    stop: async () => {
      await sshd.stop();
      await slurm.stop();
    },
  };
}
