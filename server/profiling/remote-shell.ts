// One shell per connection for short commands. Every `exec` channel starts the remote user's login shell, and on a
// login node that shell reads rc files (module systems, conda or pyenv init) that can take seconds; a Slurm client
// runs many short commands (sbatch, a state query per poll, scancel, rm), so they go through one `/bin/sh` kept open
// on a channel's stdin and pay that start-up once. Commands run one at a time with stdin from /dev/null; a random
// marker line, written after each on stdout (with the exit status) and on stderr, ends its output.
import crypto from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { ConnectionLostError, type SshConnection } from './ssh-connection';

export interface ShellResult {
  code: number | null;
  out: string;
  err: string;
}

const MAX_OUT = 1024 * 1024;
const MAX_ERR = 64 * 1024;

interface Pending {
  command: string;
  resolve: (r: ShellResult) => void;
  reject: (e: Error) => void;
}

export class RemoteShell {
  private readonly marker = `__modelready_${crypto.randomBytes(12).toString('hex')}`;
  private readonly queue: Pending[] = [];
  private current?: Pending;
  private out = '';
  private err = '';
  private readonly outText = new StringDecoder('utf8');
  private readonly errText = new StringDecoder('utf8');
  private outDone?: number | null;
  private errDone = false;
  private dead?: Error;

  private readonly channel: Promise<ClientChannel>;
  readonly label: string;

  private constructor(conn: SshConnection) {
    this.label = conn.label;
    this.channel = new Promise<ClientChannel>((resolve) => {
      const io = { onStdout: (d: Buffer) => this.onOut(d), onStderr: (d: Buffer) => this.onErr(d) };
      conn.exec('exec /bin/sh', io, resolve).then(
        (exit) => this.fail(new ConnectionLostError(`the command shell on ${conn.label} exited (${exit.code})`)),
        (error: Error) => this.fail(error),
      );
    });
  }

  /** Starts the shell; the first command waits for it (and for the rc files it reads). */
  static open(conn: SshConnection): RemoteShell {
    const shell = new RemoteShell(conn);
    // Whatever the rc files print goes to this first, empty command and is dropped.
    void shell.run(':').catch(() => undefined);
    return shell;
  }

  /** Runs one command line (already quoted for a POSIX shell); its output is kept, bounded. */
  run(command: string): Promise<ShellResult> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<ShellResult>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      if (!this.current) void this.next();
    });
  }

  private async next(): Promise<void> {
    const job = this.queue.shift();
    this.current = job;
    if (!job) return;
    this.out = '';
    this.err = '';
    this.outDone = undefined;
    this.errDone = false;
    const m = this.marker;
    const line = `${job.command} </dev/null; __mr=$?; printf '\\n${m} %d\\n' "$__mr"; printf '\\n${m}\\n' >&2\n`;
    try {
      (await this.channel).write(line);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private onOut(chunk: Buffer): void {
    if (!this.current) return;
    this.out += this.outText.write(chunk);
    const end = new RegExp(`\\n${this.marker} (\\d+)\\n`).exec(this.out);
    if (end) {
      this.outDone = Number(end[1]);
      this.out = this.out.slice(0, end.index);
      this.settle();
    } else if (this.out.length > MAX_OUT + 4096) this.out = this.out.slice(0, MAX_OUT) + this.out.slice(-4096);
  }

  private onErr(chunk: Buffer): void {
    if (!this.current) return;
    this.err += this.errText.write(chunk);
    const end = this.err.indexOf(`\n${this.marker}\n`);
    if (end >= 0) {
      this.err = this.err.slice(0, end);
      this.errDone = true;
      this.settle();
    } else if (this.err.length > MAX_ERR + 4096) this.err = this.err.slice(0, MAX_ERR) + this.err.slice(-4096);
  }

  private settle(): void {
    const job = this.current;
    if (!job || this.outDone === undefined || !this.errDone) return;
    job.resolve({ code: this.outDone, out: this.out.slice(0, MAX_OUT), err: this.err.slice(0, MAX_ERR) });
    this.current = undefined;
    void this.next();
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const job of [this.current, ...this.queue.splice(0)]) job?.reject(this.dead);
    this.current = undefined;
  }

  get isDead(): boolean {
    return this.dead !== undefined;
  }

  /** Ends the shell (the connection stays). */
  close(): void {
    void this.channel.then((ch) => ch.end()).catch(() => undefined);
    this.fail(new ConnectionLostError(`the command shell on ${this.label} was closed`));
  }
}

const shells = new WeakMap<SshConnection, RemoteShell>();

/** The connection's command shell, started on first use. */
export function shellOf(conn: SshConnection): RemoteShell {
  let shell = shells.get(conn);
  if (!shell || shell.isDead) shells.set(conn, (shell = RemoteShell.open(conn)));
  return shell;
}
