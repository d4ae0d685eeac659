// Connections kept open between runs to the same login, owned by whoever makes many runs (the language server's
// profiling session, a CLI profile matrix, a benchmark): a run borrows the live connection to the same host, port,
// user, key and known_hosts instead of connecting again, and with it the connection's command shell, so it skips the
// handshake and the login shell's start-up. Runs at the same time share it (the shell takes their commands in turn,
// SFTP serves them side by side), so a matrix's cells on one login node use one connection. A connection that was
// lost is never lent again; an unused one closes after `idleMs`.
import { SshConnection, type SshTarget } from './ssh-connection';

interface Kept {
  conn: Promise<SshConnection>;
  /** The connection once made. */
  made?: SshConnection;
  users: number;
  timer?: NodeJS.Timeout;
}

export class SshKeeper {
  private readonly kept = new Map<string, Kept>();
  private closed = false;

  constructor(private readonly idleMs = 60_000) {}

  private static keyOf(target: SshTarget): string {
    return JSON.stringify([
      target.host,
      target.port ?? 22,
      target.username,
      target.identityFile ?? null,
      target.agent ?? null,
      target.knownHostsFile ?? null,
    ]);
  }

  /** The live connection to the same login (shared with whoever else uses it now), or a new one. */
  async borrow(target: SshTarget): Promise<SshConnection> {
    const key = SshKeeper.keyOf(target);
    const entry = this.kept.get(key);
    if (entry) {
      // Also one still in the making: runs that start together connect once (and fail together).
      clearTimeout(entry.timer);
      entry.users++;
      const conn = await entry.conn.catch((error: unknown) => {
        entry.users--;
        throw error;
      });
      if (!conn.isLost) return conn;
      entry.users--;
      if (this.kept.get(key) === entry) this.kept.delete(key);
    }
    const made: Kept = { conn: SshConnection.connect(target), users: 1 };
    this.kept.set(key, made);
    try {
      return (made.made = await made.conn);
    } catch (error) {
      if (this.kept.get(key) === made) this.kept.delete(key);
      throw error;
    }
  }

  /** A run is done with the connection: the last one out starts its idle time (a lost one is closed). */
  giveBack(target: SshTarget, conn: SshConnection): void {
    const key = SshKeeper.keyOf(target);
    const entry = this.kept.get(key);
    if (!entry || entry.made !== conn) return conn.close();
    entry.users--;
    if (conn.isLost || (this.closed && entry.users === 0)) {
      this.kept.delete(key);
      return conn.close();
    }
    if (entry.users > 0) return;
    entry.timer = setTimeout(() => {
      if (this.kept.get(key) === entry && entry.users === 0) {
        this.kept.delete(key);
        conn.close();
      }
    }, this.idleMs);
    entry.timer.unref();
  }

  /** Closes every connection no run is using; the others close when their last run gives them back. */
  closeAll(): void {
    this.closed = true;
    for (const [key, entry] of this.kept)
      if (entry.users === 0) {
        clearTimeout(entry.timer);
        this.kept.delete(key);
        void entry.conn.then((c) => c.close()).catch(() => undefined);
      }
  }
}
