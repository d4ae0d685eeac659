// One SSH connection (npm ssh2) to a profiling host: host key checked against known_hosts before anything is sent,
// key-file or agent authentication only (never a password), keepalives and timeouts, and a single "connection lost"
// signal that every pending operation turns into a clear error.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { readKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts';

export interface SshTarget {
  host: string;
  port?: number;
  username: string;
  /** Private key file; when absent the SSH agent (SSH_AUTH_SOCK or `agent`) is used. */
  identityFile?: string;
  agent?: string;
  /** Defaults to ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
}

/** The host key is not the one on record (or there is none): carries what the user needs to decide. */
export class HostKeyError extends Error {
  constructor(
    readonly verdict: Exclude<HostKeyVerdict, { status: 'trusted' }>,
    readonly host: string,
    readonly port: number,
    readonly key: Buffer,
  ) {
    super(
      verdict.status === 'unknown'
        ? `${host}:${port} is not a known host; its ${verdict.keyType} key fingerprint is ${verdict.fingerprint}. Accept it to connect.`
        : `${host}:${port} presented a ${verdict.status === 'revoked' ? 'revoked' : 'different'} ${verdict.keyType} host key (${verdict.fingerprint}) than the one on record; refusing to connect.`,
    );
  }
}

export class SshError extends Error {}

/** The connection dropped while something was in flight. */
export class ConnectionLostError extends SshError {}

export interface ExecResult {
  code: number | null;
  signal?: string;
}

export interface ExecHandlers {
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

async function authConfig(target: SshTarget): Promise<Partial<ConnectConfig>> {
  if (target.identityFile) {
    let privateKey: Buffer;
    try {
      privateKey = await fs.readFile(target.identityFile);
    } catch (e) {
      throw new SshError(
        `cannot read identity file ${target.identityFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    return { privateKey };
  }
  const agent = target.agent ?? process.env.SSH_AUTH_SOCK;
  if (!agent)
    throw new SshError(
      `no identity file configured for ${target.host} and no SSH agent running (SSH_AUTH_SOCK is unset)`,
    );
  return { agent };
}

export class SshConnection {
  private sftpSession?: Promise<SFTPWrapper>;
  private closing = false;
  private lostError?: Error;
  private readonly lostWaiters = new Set<(e: Error) => void>();

  private constructor(
    private readonly client: Client,
    readonly label: string,
  ) {
    client.on('close', () => this.markLost('closed'));
    client.on('error', (e) => this.markLost(e.message));
  }

  private markLost(why: string): void {
    if (this.closing || this.lostError) return;
    this.lostError = new ConnectionLostError(`connection to ${this.label} lost (${why})`);
    for (const reject of this.lostWaiters) reject(this.lostError);
    this.lostWaiters.clear();
  }

  /** Races `work` against the connection dropping; `doing` names the step in the error. */
  guard<T>(work: Promise<T>, doing: string): Promise<T> {
    const explain = (e: Error) =>
      e instanceof ConnectionLostError ? new ConnectionLostError(`${e.message} while ${doing}`) : e;
    if (this.lostError) return Promise.reject(explain(this.lostError));
    return new Promise<T>((resolve, reject) => {
      const onLost = (e: Error) => reject(explain(e));
      this.lostWaiters.add(onLost);
      work.then(resolve, reject).finally(() => this.lostWaiters.delete(onLost));
    });
  }

  get isLost(): boolean {
    return this.lostError !== undefined;
  }

  static async connect(target: SshTarget): Promise<SshConnection> {
    const port = target.port ?? 22;
    const label = `${target.username}@${target.host}:${port}`;
    const knownHosts = await readKnownHosts(target.knownHostsFile ?? path.join(os.homedir(), '.ssh', 'known_hosts'));
    const auth = await authConfig(target);
    const client = new Client();
    let hostKeyError: HostKeyError | undefined;
    const timeoutMs = target.connectTimeoutMs ?? 20000;
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (e: Error & { level?: string }) => {
        if (hostKeyError) reject(hostKeyError);
        else if (e.level === 'client-authentication')
          reject(
            new SshError(
              `authentication failed for ${label}: the server accepted neither the key nor the agent's keys`,
            ),
          );
        else if (e.level === 'client-timeout')
          reject(new SshError(`timed out after ${timeoutMs} ms connecting to ${label}`));
        else if (/passphrase/i.test(e.message))
          reject(new SshError(`the identity file ${target.identityFile} is encrypted: load it into ssh-agent instead`));
        else reject(new SshError(`cannot connect to ${label}: ${e.message}`));
      });
      client.once('close', () =>
        reject(hostKeyError ?? new SshError(`connection to ${label} closed during the handshake`)),
      );
      try {
        client.connect({
          host: target.host,
          port,
          username: target.username,
          ...auth,
          tryKeyboard: false,
          readyTimeout: timeoutMs,
          keepaliveInterval: target.keepaliveIntervalMs ?? 10000,
          keepaliveCountMax: target.keepaliveCountMax ?? 3,
          hostVerifier: (key: Buffer) => {
            const verdict = verifyHostKey(knownHosts, target.host, port, key);
            if (verdict.status !== 'trusted') hostKeyError = new HostKeyError(verdict, target.host, port, key);
            return verdict.status === 'trusted';
          },
        });
      } catch (e) {
        // ssh2 throws synchronously on unusable keys (bad format, encrypted without passphrase).
        reject(new SshError(`cannot use identity file ${target.identityFile}: ${(e as Error).message}`));
      }
    });
    client.removeAllListeners('error');
    client.removeAllListeners('close');
    return new SshConnection(client, label);
  }

  /** Runs a command line (already quoted for the remote shell). Resolves with its exit status. */
  exec(
    command: string,
    handlers: ExecHandlers = {},
    onChannel?: (channel: ClientChannel) => void,
  ): Promise<ExecResult> {
    const run = new Promise<ExecResult>((resolve, reject) => {
      this.client.exec(command, (err, channel) => {
        if (err) return reject(new SshError(`cannot start remote command on ${this.label}: ${err.message}`));
        onChannel?.(channel);
        let exit: ExecResult | undefined;
        channel.on('data', (d: Buffer) => handlers.onStdout?.(d));
        channel.stderr.on('data', (d: Buffer) => handlers.onStderr?.(d));
        channel.on('exit', (code: number | null, signal?: string) => {
          exit = { code, signal };
        });
        channel.on('close', () => {
          if (exit) resolve(exit);
          else reject(new ConnectionLostError(`remote command on ${this.label} ended without an exit status`));
        });
      });
    });
    return this.guard(run, 'running a remote command');
  }

  sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((err, sftp) =>
        err ? reject(new SshError(`SFTP unavailable on ${this.label}: ${err.message}`)) : resolve(sftp),
      );
    });
    return this.guard(this.sftpSession, 'opening SFTP');
  }

  close(): void {
    this.closing = true;
    this.client.end();
  }

  /** Tears the connection down now; every pending operation rejects with `reason` (used for cancel). */
  abort(reason: Error): void {
    if (!this.lostError) {
      this.lostError = reason;
      for (const reject of this.lostWaiters) reject(reason);
      this.lostWaiters.clear();
    }
    this.closing = true;
    this.client.destroy();
  }
}
