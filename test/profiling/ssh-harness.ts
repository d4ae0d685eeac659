// A real OpenSSH server for the tests: started as root on a loopback port with its own host key, an authorized
// client key and its own config, plus the trtexec test double installed on that "host" with corpus outputs to replay.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, trexRoot } from './corpus';
import { bannerTag } from '../fixtures/trtexec-double/render-log.mjs';
import type { ProfileTarget } from '../../server/profiling/remote-run';

export interface SshdHandle {
  port: number;
  dir: string;
  clientKey: string;
  /** known_hosts naming this server with its real host key (hashed entry). */
  knownHosts: string;
  hostKeyBlob: Buffer;
  trtexecPath: string;
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

async function waitForBanner(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('SSH-2.0'));
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not answer on port ${port}: ${stderr()}`);
}

export interface DoubleConfig {
  version: string;
  /** Corpus folder (relative to the TREx root) whose recorded outputs are replayed, and their file prefix. */
  corpusRun: string;
  prefix: string;
  inputs?: string[];
  buildMs?: number;
  inferenceMs?: number;
}

/** Installs the trtexec double and the corpus outputs it replays into `dir` (copied at test time, never committed). */
export function installTrtexecDouble(dir: string, config: DoubleConfig): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['trtexec', 'render-log.mjs'])
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/trtexec-double', f), path.join(dir, f));
  fs.chmodSync(path.join(dir, 'trtexec'), 0o755);
  const replay: Record<string, string> = {};
  const kinds = {
    profileMetadata: 'profile.metadata.json',
    buildMetadata: 'build.metadata.json',
    profile: 'profile.json',
    layerInfo: 'graph.json',
    times: 'timing.json',
  };
  for (const [key, suffix] of Object.entries(kinds)) {
    const source = path.join(trexRoot, config.corpusRun, `${config.prefix}.${suffix}`);
    if (!fs.existsSync(source)) continue;
    fs.copyFileSync(source, path.join(dir, `replay.${suffix}`));
    replay[key] = `replay.${suffix}`;
  }
  fs.writeFileSync(
    path.join(dir, 'double.json'),
    JSON.stringify({
      version: config.version,
      bannerTag: bannerTag(config.version),
      replay,
      inputs: config.inputs,
      buildMs: config.buildMs ?? 0,
      inferenceMs: config.inferenceMs ?? 0,
      argvLog: path.join(dir, 'argv.json'),
      callsLog: path.join(dir, 'calls.jsonl'),
      pidFile: path.join(dir, 'pids.json'),
      selfTimeFile: path.join(dir, 'self-time.json'),
    }),
  );
  return path.join(dir, 'trtexec');
}

/**
 * Installs the `docker` double into `binDir` (put that folder on the host's PATH): it accepts `docker run` with
 * `image` only and runs the trtexec double at `trtexec` when asked for `containerTrtexec` inside the container.
 */
export function installDockerDouble(
  binDir: string,
  config: { image: string; trtexec: string; containerTrtexec?: string },
): string {
  fs.mkdirSync(binDir, { recursive: true });
  const docker = path.join(binDir, 'docker');
  fs.copyFileSync(path.join(repoRoot, 'test/fixtures/docker-double/docker'), docker);
  fs.chmodSync(docker, 0o755);
  fs.writeFileSync(path.join(binDir, 'docker-double.json'), JSON.stringify({ containerTrtexec: 'trtexec', ...config }));
  return docker;
}

export interface SshdOptions {
  /** Folders put in front of PATH for every session (sshd `SetEnv`), e.g. where the docker double lives. */
  pathPrefix?: string[];
  /** More variables for every session (sshd `SetEnv`), e.g. SLURM_CONF for the test cluster. */
  env?: Record<string, string>;
}

function sessionEnv(options: SshdOptions): string[] {
  const vars = Object.entries(options.env ?? {}).map(([k, v]) => `"${k}=${v}"`);
  if (options.pathPrefix)
    vars.push(`"PATH=${[...options.pathPrefix, '/usr/local/bin', '/usr/bin', '/bin'].join(':')}"`);
  return vars.length ? [`SetEnv ${vars.join(' ')}`] : [];
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-sshd-'));
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  fs.copyFileSync(`${clientKey}.pub`, path.join(dir, 'authorized_keys'));
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'MaxStartups 50',
      'MaxSessions 50',
      'LogLevel ERROR',
      ...sessionEnv(options),
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await waitForBanner(port, child, () => stderr);
  const hostKeyBlob = Buffer.from(fs.readFileSync(`${hostKey}.pub`, 'utf8').split(' ')[1], 'base64');
  const knownHosts = path.join(dir, 'known_hosts');
  // A hashed entry, as `ssh-keyscan -H` writes it.
  const scanned = execFileSync('ssh-keyscan', ['-H', '-p', String(port), '-t', 'ed25519', '127.0.0.1'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  fs.writeFileSync(knownHosts, scanned);
  const trtexecPath = installTrtexecDouble(path.join(dir, 'gpu host', 'bin'), {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inputs: ['input.1'],
  });
  return {
    port,
    dir,
    clientKey,
    knownHosts,
    hostKeyBlob,
    trtexecPath,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** This server as a profiling target: root with the client key, its host key on record, its trtexec double. */
export function sshTargetOf(sshd: SshdHandle, extra: Partial<ProfileTarget> = {}): ProfileTarget {
  return {
    host: '127.0.0.1',
    port: sshd.port,
    username: 'root',
    identityFile: sshd.clientKey,
    knownHostsFile: sshd.knownHosts,
    trtexecPath: sshd.trtexecPath,
    connectTimeoutMs: 10000,
    ...extra,
  };
}

/** A loopback TCP relay in front of sshd whose connections the test can cut at any moment. */
export async function startCuttableProxy(targetPort: number): Promise<{
  port: number;
  cut: () => void;
  close: () => Promise<void>;
  bytesToServer: () => number;
  /** TCP connections accepted so far (each SSH connection is one). */
  connections: () => number;
  /** TCP connections still open. */
  open: () => number;
}> {
  const sockets = new Set<net.Socket>();
  let bytes = 0;
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => (bytes += d.length));
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
    bytesToServer: () => bytes,
    connections: () => accepted,
    open: () => sockets.size / 2,
  };
}

/** A zombie (killed, not yet reaped by its new parent) counts as dead. */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
